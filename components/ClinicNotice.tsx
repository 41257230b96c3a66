import Link from "next/link";

export function ClinicNotice({ heading, paragraphs }: { heading: string; paragraphs: string[] }) {
  return (
    <aside className="notice" aria-labelledby="notice-heading">
      <div className="wrap">
        <p className="notice__heading" id="notice-heading">
          {heading}
        </p>
        {paragraphs.map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
        <p>
          <Link href="/book">You can now also request a tele or video consultation online.</Link>
        </p>
      </div>
    </aside>
  );
}
