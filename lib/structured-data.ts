// Structured data (schema.org JSON-LD) for search engines: the clinic on the home page, each article on its page.
// Only facts from content/clinic.md and the articles' frontmatter go in; nothing is filled in for the clinic.
import type { Article } from "./articles";
import type { ClinicSettings } from "./clinic";

type JsonLd = Record<string, unknown>;

const WEEK = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** The days in "Monday to Saturday" (or a single day), as schema.org wants them. */
export function daysOfWeek(range: string): string[] {
  const [first, last = first] = range.split(/\s+to\s+/i).map((day) => WEEK.indexOf(day.trim()));
  if (first < 0 || last < first) {
    throw new Error(`content/clinic.md: hours.days must be a day or "Monday to Saturday", not "${range}"`);
  }
  return WEEK.slice(first, last + 1);
}

export function clinicJsonLd(clinic: ClinicSettings, siteUrl: string): JsonLd {
  return {
    "@context": "https://schema.org",
    "@type": "MedicalClinic",
    name: clinic.name,
    url: `${siteUrl}/`,
    medicalSpecialty: "Dermatology",
    telephone: clinic.phone,
    email: clinic.email,
    ...(clinic.streetAddress ? { address: clinic.streetAddress } : {}),
    areaServed: { "@type": "Place", name: clinic.locality },
    openingHoursSpecification: {
      "@type": "OpeningHoursSpecification",
      dayOfWeek: daysOfWeek(clinic.hours.days),
      opens: clinic.hours.opens,
      closes: clinic.hours.closes,
    },
  };
}

export function articleJsonLd(article: Article, clinic: ClinicSettings, siteUrl: string): JsonLd {
  return {
    "@context": "https://schema.org",
    "@type": "MedicalWebPage",
    headline: article.title,
    description: article.description,
    url: `${siteUrl}/articles/${article.slug}`,
    inLanguage: "en-IN",
    datePublished: article.date,
    dateModified: article.updated ?? article.date,
    ...(article.tags.length ? { keywords: article.tags.join(", ") } : {}),
    ...(article.procedure ? { about: { "@type": "MedicalProcedure", name: article.procedure } } : {}),
    // Properties of WebPage (MedicalWebPage is one), so they sit on the page itself, not on an Article inside it.
    ...(article.review
      ? { reviewedBy: { "@type": "Person", name: article.review.by }, lastReviewed: article.review.date }
      : {}),
    publisher: { "@type": "MedicalClinic", name: clinic.name, url: `${siteUrl}/` },
  };
}

/**
 * JSON for a <script type="application/ld+json">: `<` is written as \u003c, so text such as "</script>" in a title
 * cannot end the script early. JSON parsers read it back as "<".
 */
export function serializeJsonLd(data: JsonLd): string {
  return JSON.stringify(data).replace(/</g, "\\u003c");
}
