// The articles as an RSS 2.0 feed (/feed.xml), so readers and aggregators learn of new articles.
import type { Article } from "./articles";

const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ENTITIES[char]);
}

/** RSS wants RFC 822 dates; an article's date is a day in India, so it starts at midnight India time. */
function rfc822(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00+05:30`).toUTCString();
}

export interface FeedSite {
  title: string;
  description: string;
  /** The site's address without a trailing slash. */
  siteUrl: string;
}

export function articlesFeed(site: FeedSite, articles: Article[]): string {
  const items = articles.map((article) => {
    const url = `${site.siteUrl}/articles/${article.slug}`;
    return [
      "    <item>",
      `      <title>${escapeXml(article.title)}</title>`,
      `      <link>${escapeXml(url)}</link>`,
      `      <guid isPermaLink="true">${escapeXml(url)}</guid>`,
      `      <description>${escapeXml(article.description)}</description>`,
      `      <pubDate>${rfc822(article.date)}</pubDate>`,
      ...article.tags.map((tag) => `      <category>${escapeXml(tag)}</category>`),
      "    </item>",
    ].join("\n");
  });
  const newest = articles[0];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    "  <channel>",
    `    <title>${escapeXml(site.title)}</title>`,
    `    <link>${escapeXml(site.siteUrl)}/</link>`,
    `    <description>${escapeXml(site.description)}</description>`,
    "    <language>en-IN</language>",
    `    <atom:link href="${escapeXml(site.siteUrl)}/feed.xml" rel="self" type="application/rss+xml"/>`,
    ...(newest ? [`    <lastBuildDate>${rfc822(newest.updated ?? newest.date)}</lastBuildDate>`] : []),
    ...items,
    "  </channel>",
    "</rss>",
    "",
  ].join("\n");
}
