import { describe, expect, it } from "vitest";
import { getArticle, type Article } from "@/lib/articles";
import { getClinic } from "@/lib/clinic";
import { articleJsonLd, clinicJsonLd, serializeJsonLd } from "@/lib/structured-data";

const SITE = "https://www.example.test";
const clinic = getClinic();

describe("the clinic for search engines", () => {
  const data = clinicJsonLd(clinic, SITE);

  it("is a dermatology clinic with the clinic's phone, email and area", () => {
    expect(data).toMatchObject({
      "@context": "https://schema.org",
      "@type": "MedicalClinic",
      name: "Dr. Divya Sharma",
      url: "https://www.example.test/",
      medicalSpecialty: "Dermatology",
      telephone: "+919620638388",
      email: "info@drdivyasharma.com",
      areaServed: { "@type": "Place", name: "Whitefield, Bangalore, Karnataka, India" },
    });
  });

  it("is open Monday to Saturday, 10:00 to 19:00, and not on Sunday", () => {
    expect(data.openingHoursSpecification).toEqual({
      "@type": "OpeningHoursSpecification",
      dayOfWeek: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
      opens: "10:00",
      closes: "19:00",
    });
  });

  it("leaves out the street address while the clinic has not confirmed it", () => {
    expect(clinic.streetAddress).toBeNull();
    expect(data).not.toHaveProperty("address");
  });

  it("gives each range of hours the days it applies to, around a break and on a shorter Saturday", () => {
    const weekday = [
      { opens: "10:00", closes: "13:00" },
      { opens: "14:00", closes: "19:00" },
    ];
    const saturday = [{ opens: "10:00", closes: "13:00" }];
    const hours = [[], weekday, weekday, [], weekday, weekday, saturday];
    const weekdays = ["Monday", "Tuesday", "Thursday", "Friday"];
    expect(clinicJsonLd({ ...clinic, hours }, SITE).openingHoursSpecification).toEqual([
      {
        "@type": "OpeningHoursSpecification",
        dayOfWeek: [...weekdays, "Saturday"],
        opens: "10:00",
        closes: "13:00",
      },
      { "@type": "OpeningHoursSpecification", dayOfWeek: weekdays, opens: "14:00", closes: "19:00" },
    ]);
  });
});

describe("an article for search engines", () => {
  it("is a medical web page about microneedling, with its dates", () => {
    const article = getArticle("microneedling-benefits-and-side-effects")!;
    expect(articleJsonLd(article, clinic, SITE)).toMatchObject({
      "@type": "MedicalWebPage",
      headline: "Microneedling benefits and side effects/risks",
      url: "https://www.example.test/articles/microneedling-benefits-and-side-effects",
      datePublished: "2022-09-02",
      dateModified: "2022-09-02",
      about: { "@type": "MedicalProcedure", name: "Microneedling" },
      publisher: { "@type": "MedicalClinic", name: "Dr. Divya Sharma" },
    });
  });

  it("names no procedure when the article is not about one, and gives its update date", () => {
    const article: Article = {
      slug: "sun-care",
      title: "Sun care",
      date: "2024-01-05",
      updated: "2024-02-01",
      description: "Sunscreen.",
      tags: [],
      html: "",
    };
    const data = articleJsonLd(article, clinic, SITE);
    expect(data).not.toHaveProperty("about");
    expect(data.dateModified).toBe("2024-02-01");
  });
});

describe("an article's medical review for search engines", () => {
  // Fixture data: no real article names a reviewer until the clinic says who reviewed it.
  const article: Article = {
    slug: "sun-care",
    title: "Sun care",
    date: "2024-01-05",
    description: "Sunscreen.",
    tags: [],
    html: "",
  };

  it("names the reviewer as a person and the review's date on the web page itself", () => {
    const data = articleJsonLd({ ...article, review: { by: "Dr. A. Reviewer, MD", date: "2024-02-10" } }, clinic, SITE);
    expect(data).toMatchObject({
      "@type": "MedicalWebPage",
      reviewedBy: { "@type": "Person", name: "Dr. A. Reviewer, MD" },
      lastReviewed: "2024-02-10",
    });
  });

  it("says nothing of a review the clinic does not know of", () => {
    const data = articleJsonLd(article, clinic, SITE);
    expect(data).not.toHaveProperty("reviewedBy");
    expect(data).not.toHaveProperty("lastReviewed");
    expect(articleJsonLd(getArticle("microneedling-benefits-and-side-effects")!, clinic, SITE)).not.toHaveProperty(
      "reviewedBy",
    );
  });
});

describe("JSON-LD in a page", () => {
  it("cannot end its script tag early, and reads back exactly as written", () => {
    const data = { "@type": "MedicalWebPage", headline: "Peels </script><script>alert(1)</script> & <b>you</b>" };
    const json = serializeJsonLd(data);
    expect(json).not.toContain("<");
    expect(json).toContain("\\u003c/script>");
    expect(JSON.parse(json)).toEqual(data);
  });
});
