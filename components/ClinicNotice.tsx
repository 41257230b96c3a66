import Link from "next/link";

export function ClinicNotice({
  heading,
  paragraphs,
  book,
}: {
  heading: string;
  paragraphs: string[];
  book: { href: string; label: string };
}) {
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
          <Link href={book.href}>{book.label}</Link>
        </p>
      </div>
    </aside>
  );
}
