import type { MetadataRoute } from "next";
import { listArticles } from "@/lib/articles";
import { DEFAULT_LANGUAGE } from "@/lib/i18n/languages";
import { absoluteUrl, languageAlternates } from "@/lib/page-metadata";
import { getPrivacyNotice } from "@/lib/privacy/notice";

/** A page written in every language the site shows, with its alternates; its copies are listed under it. */
function translated(path: string): { url: string; alternates: { languages: Record<string, string> } } {
  const languages = Object.fromEntries(
    Object.entries(languageAlternates(path)).map(([tag, address]) => [tag, absoluteUrl(address)]),
  );
  return { url: absoluteUrl(path), alternates: { languages } };
}

export default function sitemap(): MetadataRoute.Sitemap {
  const articles = listArticles();
  return [
    { ...translated("/"), changeFrequency: "monthly", priority: 1 },
    { ...translated("/articles"), lastModified: articles[0]?.date, changeFrequency: "weekly" },
    { ...translated("/book"), changeFrequency: "yearly" },
    { ...translated("/privacy"), lastModified: getPrivacyNotice(DEFAULT_LANGUAGE).updated, changeFrequency: "yearly" },
    // An article is the clinic's English text; its copies in the other languages' frames point to it (canonical).
    ...articles.map((article) => ({
      url: absoluteUrl(`/articles/${article.slug}`),
      lastModified: article.updated ?? article.date,
      changeFrequency: "yearly" as const,
    })),
  ];
}
