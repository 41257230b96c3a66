// @vitest-environment jsdom
// jsdom for its XML parser: the feed must parse as a feed reader parses it.
import { describe, expect, it } from "vitest";
import type { Article } from "@/lib/articles";
import { articlesFeed } from "@/lib/feed";

const SITE = { title: "Dr. Divya Sharma: articles", description: "Skin care & procedures", siteUrl: "https://www.example.test" };

function article(overrides: Partial<Article>): Article {
  return {
    slug: "acne-care",
    title: "Acne care",
    date: "2024-01-05",
    description: "Looking after acne-prone skin.",
    tags: [],
    html: "<p>Body</p>",
    ...overrides,
  };
}

function parse(xml: string): Document {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
  return doc;
}

describe("the articles feed", () => {
  it("is well-formed XML and keeps a title with & and < exactly as written", () => {
    const title = "Peels & lasers: when <30 is too young";
    const doc = parse(articlesFeed(SITE, [article({ title, description: 'Say "no" to <b>myths</b> & fads', tags: ["R&D"] })]));
    expect(doc.querySelector("item > title")?.textContent).toBe(title);
    expect(doc.querySelector("item > description")?.textContent).toBe('Say "no" to <b>myths</b> & fads');
    expect(doc.querySelector("item > category")?.textContent).toBe("R&D");
    expect(doc.querySelector("channel > description")?.textContent).toBe("Skin care & procedures");
  });

  it("links each article at its address on the site, newest first as given", () => {
    const doc = parse(
      articlesFeed(SITE, [article({ slug: "newer", date: "2024-06-30" }), article({ slug: "older", date: "2023-01-01" })]),
    );
    const links = [...doc.querySelectorAll("item > link")].map((link) => link.textContent);
    expect(links).toEqual(["https://www.example.test/articles/newer", "https://www.example.test/articles/older"]);
  });

  it("dates an article at midnight in India", () => {
    const doc = parse(articlesFeed(SITE, [article({ date: "2022-09-02" })]));
    expect(doc.querySelector("item > pubDate")?.textContent).toBe("Thu, 01 Sep 2022 18:30:00 GMT");
  });
});
