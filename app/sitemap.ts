import type { MetadataRoute } from "next";
import { listArticles } from "@/lib/articles";
import { absoluteUrl } from "@/lib/page-metadata";
import { getPrivacyNotice } from "@/lib/privacy/notice";

export default function sitemap(): MetadataRoute.Sitemap {
  const articles = listArticles();
  return [
    { url: absoluteUrl("/"), changeFrequency: "monthly", priority: 1 },
    { url: absoluteUrl("/articles"), lastModified: articles[0]?.date, changeFrequency: "weekly" },
    { url: absoluteUrl("/book"), changeFrequency: "yearly" },
    { url: absoluteUrl("/privacy"), lastModified: getPrivacyNotice().updated, changeFrequency: "yearly" },
    ...articles.map((article) => ({
      url: absoluteUrl(`/articles/${article.slug}`),
      lastModified: article.updated ?? article.date,
      changeFrequency: "yearly" as const,
    })),
  ];
}
