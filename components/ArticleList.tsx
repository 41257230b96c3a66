import Link from "next/link";
import type { Article } from "@/lib/articles";
import { DEFAULT_LANGUAGE, pathIn, type Language } from "@/lib/i18n/languages";
import { PostedDate } from "./PostedDate";

/** The articles, in the page's frame; their titles and summaries are the clinic's English, and say so (lang). */
export function ArticleList({
  articles,
  headingLevel = 2,
  language = DEFAULT_LANGUAGE,
}: {
  articles: Article[];
  headingLevel?: 2 | 3;
  language?: Language;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const english = language === DEFAULT_LANGUAGE ? undefined : "en";
  return (
    <ul className="article-list">
      {articles.map((article) => (
        <li key={article.slug} className="article-card">
          <Heading className="article-card__title" lang={english}>
            <Link href={pathIn(language, `/articles/${article.slug}`)}>{article.title}</Link>
          </Heading>
          <PostedDate date={article.date} language={language} />
          <p lang={english}>{article.description}</p>
        </li>
      ))}
    </ul>
  );
}
