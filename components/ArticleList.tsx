import Link from "next/link";
import type { Article } from "@/lib/articles";
import { PostedDate } from "./PostedDate";

export function ArticleList({ articles, headingLevel = 2 }: { articles: Article[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul className="article-list">
      {articles.map((article) => (
        <li key={article.slug} className="article-card">
          <Heading className="article-card__title">
            <Link href={`/articles/${article.slug}`}>{article.title}</Link>
          </Heading>
          <PostedDate date={article.date} />
          <p>{article.description}</p>
        </li>
      ))}
    </ul>
  );
}
