import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JsonLd } from "@/components/JsonLd";
import { PostedDate } from "@/components/PostedDate";
import { ReviewedBy } from "@/components/ReviewedBy";
import { getArticle, listArticles } from "@/lib/articles";
import { getClinic } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { pageMetadata } from "@/lib/page-metadata";
import { articleJsonLd } from "@/lib/structured-data";

type Props = { params: Promise<{ slug: string }> };

// Every article is prerendered; an address that is not an article is a 404, not a render attempt.
export const dynamicParams = false;

export function generateStaticParams() {
  return listArticles().map((article) => ({ slug: article.slug }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const article = getArticle((await params).slug);
  if (!article) return {};
  return pageMetadata({
    title: article.title,
    description: article.description,
    path: `/articles/${article.slug}`,
    article: { publishedTime: article.date, modifiedTime: article.updated ?? article.date, tags: article.tags },
  });
}

export default async function ArticlePage({ params }: Props) {
  const article = getArticle((await params).slug);
  if (!article) notFound();
  return (
    <article className="article">
      <JsonLd data={articleJsonLd(article, getClinic(), getConfig().siteUrl)} />
      <header>
        <h1>{article.title}</h1>
        <PostedDate date={article.date} updated={article.updated} />
        {article.review ? <ReviewedBy review={article.review} /> : null}
      </header>
      <div className="prose" dangerouslySetInnerHTML={{ __html: article.html }} />
      <aside className="article__cta" aria-labelledby="article-cta-heading">
        <h2 id="article-cta-heading">Talk to the doctor</h2>
        <p>Not sure whether this is right for your skin? Ask the dermatologist in a tele or video consultation.</p>
        <p>
          <Link href="/book" className="button">
            Book a consultation
          </Link>
        </p>
      </aside>
    </article>
  );
}
