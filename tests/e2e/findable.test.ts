// What search engines, feed readers and link previews see: sitemap, robots, feed, manifest, page metadata, 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSite, type RunningSite } from "../support/site";

const ARTICLE = "/articles/microneedling-benefits-and-side-effects";
const PAGES = ["/", "/articles", ARTICLE, "/book"];

let site: RunningSite;

beforeAll(async () => {
  site = await startSite({});
});

afterAll(async () => {
  await site?.stop();
});

async function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(`${site.url}${path}`);
  return { status: response.status, type: response.headers.get("content-type") ?? "", body: await response.text() };
}

/** The value `pattern` captures in a page's HTML (an attribute of a <link> or <meta>). */
function attribute(html: string, pattern: RegExp): string | undefined {
  return html.match(pattern)?.[1];
}

describe("search engines", () => {
  it("find every page and article in the sitemap, and the sitemap in robots.txt", async () => {
    const sitemap = await get("/sitemap.xml");
    expect(sitemap.status).toBe(200);
    const urls = [...sitemap.body.matchAll(/<loc>(.*?)<\/loc>/g)].map((match) => new URL(match[1]).pathname);
    expect(urls).toEqual(expect.arrayContaining(PAGES));

    const robots = await get("/robots.txt");
    expect(robots.body).toMatch(/Allow: \//);
    expect(robots.body).toMatch(/Sitemap: https?:\/\/\S+\/sitemap\.xml/);
  });

  it.each(PAGES)("see a canonical address, a description and a link preview on %s", async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(200);
    const canonical = attribute(body, /<link rel="canonical" href="([^"]+)"/);
    expect(canonical && new URL(canonical).pathname).toBe(path);
    expect(attribute(body, /<meta name="description" content="([^"]+)"/)).toBeTruthy();
    expect(attribute(body, /<meta property="og:url" content="([^"]+)"/)).toBe(canonical);
    expect(attribute(body, /<meta property="og:title" content="([^"]+)"/)).toBeTruthy();
    expect(attribute(body, /<meta name="twitter:card" content="([^"]+)"/)).toBe("summary");
  });
});

describe("feed readers", () => {
  it("get the articles as RSS, announced on every page", async () => {
    const feed = await get("/feed.xml");
    expect(feed.status).toBe(200);
    expect(feed.type).toContain("application/rss+xml");
    expect(feed.body).toContain("<title>Microneedling benefits and side effects/risks</title>");
    expect(feed.body).toContain(`${ARTICLE}</link>`);
    for (const path of PAGES) {
      const announced = attribute((await get(path)).body, /<link rel="alternate" type="application\/rss\+xml"[^>]*href="([^"]+)"/);
      expect(announced && new URL(announced).pathname).toBe("/feed.xml");
    }
  });
});

describe("phones", () => {
  it("can add the site to the home screen with its name and icon", async () => {
    const manifest = JSON.parse((await get("/manifest.webmanifest")).body);
    expect(manifest.short_name).toBe("Dr. Divya Sharma");
    expect(manifest.start_url).toBe("/");
    const icon = await get(manifest.icons[0].src);
    expect(icon.status).toBe(200);
    expect(attribute((await get("/")).body, /<link rel="manifest" href="([^"]+)"/)).toBe("/manifest.webmanifest");
  });
});

describe("a patron at a wrong address", () => {
  it("gets a 404 that leads to the articles, booking and the clinic's phone", async () => {
    const { status, body } = await get("/no-such-page");
    expect(status).toBe(404);
    const main = body.slice(body.indexOf("<main"), body.indexOf("</main>"));
    for (const href of ["/articles", "/book", "tel:+919620638388"]) expect(main).toContain(`href="${href}"`);
  });
});
