// Every page's metadata from one place: title, description, canonical URL, Open Graph and Twitter card,
// so search results and shared links look the same whichever page they point to.
import type { Metadata } from "next";
import { getClinic } from "./clinic";
import { getConfig } from "./config";

export interface PageDescription {
  /** The page's own title; the home page has none and uses the site's title. */
  title?: string;
  description: string;
  /** The page's address on the site, such as "/articles". */
  path: string;
  article?: { publishedTime: string; modifiedTime: string; tags: string[] };
}

/** The site's own title, used by the home page and as the default for every page. */
export function siteTitle(): string {
  const clinic = getClinic();
  return `${clinic.name}, ${clinic.specialty} in ${clinic.locality.split(",")[0]}`;
}

/** An address on the site as a full URL, from SITE_URL. */
export function absoluteUrl(path: string): string {
  return new URL(path, `${getConfig().siteUrl}/`).toString();
}

export function pageMetadata(page: PageDescription): Metadata {
  const clinic = getClinic();
  const title = page.title ?? siteTitle();
  const shared = { title, description: page.description, url: page.path, siteName: clinic.name, locale: "en_IN" };
  return {
    ...(page.title ? { title: page.title } : {}),
    description: page.description,
    ...(page.article ? { keywords: page.article.tags } : {}),
    // Every page announces the articles feed, so a feed reader finds it from whichever page it is given.
    alternates: {
      canonical: page.path,
      types: { "application/rss+xml": [{ url: "/feed.xml", title: `${clinic.name}: articles` }] },
    },
    // A page's openGraph replaces the layout's whole, so every field is set here each time.
    openGraph: page.article ? { ...shared, type: "article", ...page.article } : { ...shared, type: "website" },
    twitter: { card: "summary", title, description: page.description },
  };
}
