// Every page's metadata from one place: title, description, canonical URL, Open Graph and Twitter card, and the same
// page's other languages, so search results and shared links look the same whichever page they point to.
import type { Metadata } from "next";
import { clinicIn, shownLanguages } from "./clinic";
import { getConfig } from "./config";
import { DEFAULT_LANGUAGE, LANGUAGE_TAGS, pathIn, type Language } from "./i18n/languages";
import { translator } from "./i18n/messages";

export interface PageDescription {
  /** The page's own title; the home page has none and uses the site's title. */
  title?: string;
  description: string;
  /** The page's address on the site in English, such as "/articles". */
  path: string;
  /** The page's language; English when left out. */
  language?: Language;
  /**
   * Whether the page is written in every language the site shows, so search engines are told of each (hreflang).
   * An article is the clinic's English text in each language's frame: its copies point to the English page instead.
   */
  translated?: boolean;
  article?: { publishedTime: string; modifiedTime: string; tags: string[] };
}

/** The site's own title, used by the home page and as the default for every page. */
export function siteTitle(language: Language = DEFAULT_LANGUAGE): string {
  const clinic = clinicIn(language);
  return translator(language)("layout.siteTitle", {
    name: clinic.name,
    specialty: clinic.specialty,
    locality: clinic.locality.split(",")[0],
  });
}

/** An address on the site as a full URL, from SITE_URL. */
export function absoluteUrl(path: string): string {
  return new URL(path, `${getConfig().siteUrl}/`).toString();
}

/** The page at `path` in each language shown, by its tag, and the English one as the default (x-default). */
export function languageAlternates(path: string): Record<string, string> {
  return {
    ...Object.fromEntries(shownLanguages().map((language) => [LANGUAGE_TAGS[language], pathIn(language, path)])),
    "x-default": path,
  };
}

export function pageMetadata(page: PageDescription): Metadata {
  const language = page.language ?? DEFAULT_LANGUAGE;
  const clinic = clinicIn(language);
  const title = page.title ?? siteTitle(language);
  const url = page.article ? page.path : pathIn(language, page.path);
  const shared = {
    title,
    description: page.description,
    url,
    siteName: clinic.name,
    locale: LANGUAGE_TAGS[language].replace("-", "_"),
  };
  return {
    ...(page.title ? { title: page.title } : {}),
    description: page.description,
    ...(page.article ? { keywords: page.article.tags } : {}),
    // Every page announces the articles feed, so a feed reader finds it from whichever page it is given.
    alternates: {
      canonical: url,
      ...(page.translated && !page.article ? { languages: languageAlternates(page.path) } : {}),
      types: { "application/rss+xml": [{ url: "/feed.xml", title: `${clinic.name}: ${translator(language)("articles.title")}` }] },
    },
    // A page's openGraph replaces the layout's whole, so every field is set here each time.
    openGraph: page.article ? { ...shared, type: "article", ...page.article } : { ...shared, type: "website" },
    twitter: { card: "summary", title, description: page.description },
  };
}
