import Link from "next/link";
import { ArticleList } from "@/components/ArticleList";
import { JsonLd } from "@/components/JsonLd";
import { listArticles } from "@/lib/articles";
import { getClinic } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { hoursLines } from "@/lib/diary";
import { pageMetadata } from "@/lib/page-metadata";
import { clinicJsonLd } from "@/lib/structured-data";

const LATEST_COUNT = 3;

const clinic = getClinic();
/** "Monday to Saturday, 10:00 AM to 7:00 PM": the days the clinic consults, and when. */
const consultationHours = hoursLines(clinic.hours)
  .filter((line) => line.times)
  .map((line) => `${line.days}, ${line.times}`)
  .join("; ");

export const metadata = pageMetadata({
  description: `${clinic.name}, ${clinic.specialty.toLowerCase()} in ${clinic.locality}. Skin care articles and tele or video consultations.`,
  path: "/",
});

export default function HomePage() {
  const latest = listArticles().slice(0, LATEST_COUNT);
  return (
    <>
      <JsonLd data={clinicJsonLd(clinic, getConfig().siteUrl)} />
      <section className="hero" aria-labelledby="home-heading">
        <h1 id="home-heading">
          {clinic.name}
          <span className="hero__sub">
            {clinic.specialty}, {clinic.locality.split(",").slice(0, 2).join(",")}
          </span>
        </h1>
        <p className="lead">
          Consult the dermatologist from home by phone or video. Consultation hours: {consultationHours}.
        </p>
        <p className="hero__actions">
          <Link href="/book" className="button">
            Book a tele or video consultation
          </Link>
          <a href={`tel:${clinic.phone}`} className="button button--quiet">
            Call {clinic.phoneDisplay}
          </a>
        </p>
      </section>

      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">Latest articles</h2>
        <ArticleList articles={latest} headingLevel={3} />
        <p>
          <Link href="/articles">All articles</Link>
        </p>
      </section>

      <section aria-labelledby="how-heading">
        <h2 id="how-heading">How a remote consultation works</h2>
        <ol className="steps">
          <li>Choose a phone or video consultation, a day and a time that suit you, and tell us why you would like it.</li>
          <li>The clinic calls or writes to you to confirm the slot.</li>
          <li>The doctor consults you at the agreed time. {clinic.visits}</li>
        </ol>
      </section>
    </>
  );
}
