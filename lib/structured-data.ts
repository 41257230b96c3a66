// Structured data (schema.org JSON-LD) for search engines: the clinic on the home page, each article on its page.
// Only facts from content/clinic.md and the articles' frontmatter go in; nothing is filled in for the clinic.
import type { Article } from "./articles";
import type { ClinicSettings } from "./clinic";
import { WEEK_FROM_MONDAY, WEEKDAYS, type WeeklyHours } from "./diary/hours";

type JsonLd = Record<string, unknown>;

/**
 * schema.org's opening hours: one specification per range, with the days (Monday first) it applies to. A week with
 * one set of hours is one object rather than a list of one, as search engines most often see it.
 */
function openingHoursSpecification(hours: WeeklyHours): JsonLd | JsonLd[] {
  const byRange = new Map<string, { "@type": string; dayOfWeek: string[]; opens: string; closes: string }>();
  for (const day of WEEK_FROM_MONDAY) {
    for (const { opens, closes } of hours[day]) {
      const key = `${opens}-${closes}`;
      if (!byRange.has(key)) byRange.set(key, { "@type": "OpeningHoursSpecification", dayOfWeek: [], opens, closes });
      byRange.get(key)!.dayOfWeek.push(WEEKDAYS[day]);
    }
  }
  const specifications = [...byRange.values()];
  return specifications.length === 1 ? specifications[0] : specifications;
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
    openingHoursSpecification: openingHoursSpecification(clinic.hours),
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
