// The structured data search engines read from the pages as served.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSite, type RunningSite } from "../support/site";

let site: RunningSite;

beforeAll(async () => {
  site = await startSite({});
});

afterAll(async () => {
  await site?.stop();
});

/** Every JSON-LD block in the page at `path`, parsed. */
async function jsonLd(path: string): Promise<Record<string, unknown>[]> {
  const html = await (await fetch(`${site.url}${path}`)).text();
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)];
  return blocks.map((block) => JSON.parse(block[1]));
}

describe("structured data", () => {
  it("describes the clinic on the home page", async () => {
    const [clinic] = await jsonLd("/");
    expect(clinic).toMatchObject({
      "@type": "MedicalClinic",
      medicalSpecialty: "Dermatology",
      telephone: "+919620638388",
      openingHoursSpecification: { opens: "10:00", closes: "19:00" },
    });
  });

  it("describes the microneedling article as a page about the procedure", async () => {
    const [page] = await jsonLd("/articles/microneedling-benefits-and-side-effects");
    expect(page).toMatchObject({
      "@type": "MedicalWebPage",
      datePublished: "2022-09-02",
      about: { "@type": "MedicalProcedure", name: "Microneedling" },
    });
  });
});
