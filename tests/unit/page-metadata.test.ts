import { describe, expect, it } from "vitest";
import { getConfig } from "@/lib/config";
import { absoluteUrl, pageMetadata } from "@/lib/page-metadata";

describe("a page's metadata", () => {
  it("gives the page its canonical address and the same title and description to Open Graph and Twitter", () => {
    const metadata = pageMetadata({ title: "Articles", description: "Skin care articles.", path: "/articles" });
    expect(metadata.alternates?.canonical).toBe("/articles");
    expect(metadata.openGraph).toMatchObject({
      title: "Articles",
      description: "Skin care articles.",
      url: "/articles",
      siteName: "Dr. Divya Sharma",
      locale: "en_IN",
      type: "website",
    });
    expect(metadata.twitter).toMatchObject({ card: "summary", title: "Articles", description: "Skin care articles." });
  });

  it("shares the home page under the site's own title", () => {
    const metadata = pageMetadata({ description: "The clinic.", path: "/" });
    expect(metadata.title).toBeUndefined();
    expect(metadata.openGraph?.title).toBe("Dr. Divya Sharma, Dermatologist in Whitefield");
  });

  it("marks an article as one, with its dates and tags", () => {
    const metadata = pageMetadata({
      title: "Microneedling",
      description: "About it.",
      path: "/articles/microneedling",
      article: { publishedTime: "2022-09-02", modifiedTime: "2022-09-10", tags: ["microneedling"] },
    });
    expect(metadata.openGraph).toMatchObject({ type: "article", publishedTime: "2022-09-02", modifiedTime: "2022-09-10" });
    expect(metadata.keywords).toEqual(["microneedling"]);
  });

  it("builds full addresses from SITE_URL", () => {
    expect(absoluteUrl("/sitemap.xml")).toBe(`${getConfig().siteUrl}/sitemap.xml`);
  });
});
