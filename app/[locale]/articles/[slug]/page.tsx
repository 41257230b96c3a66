import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JsonLd } from "@/components/JsonLd";
import { PageLanguages } from "@/components/LanguageSwitcher";
import { PostedDate } from "@/components/PostedDate";
import { ReviewedBy } from "@/components/ReviewedBy";
import { getArticle, listArticles } from "@/lib/articles";
import { getClinic } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { DEFAULT_LANGUAGE, pathIn } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";
import { pageLanguage } from "@/lib/i18n/page-language";
import { pageMetadata } from "@/lib/page-metadata";
import { articleJsonLd } from "@/lib/structured-data";

type Props = { params: Promise<{ locale: string; slug: string }> };

// Every article is prerendered in each language's frame; an address that is not an article is a 404, not a render.
export const dynamicParams = false;

export function generateStaticParams() {
  return listArticles().map((article) => ({ slug: article.slug }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const language = await pageLanguage(params);
  const article = getArticle((await params).slug);
  if (!article) return {};
  // The article is the clinic's English text whatever the frame: every copy names the English page as canonical.
  return pageMetadata({
    title: article.title,
    description: article.description,
    path: `/articles/${article.slug}`,
    language,
    article: { publishedTime: article.date, modifiedTime: article.updated ?? article.date, tags: article.tags },
  });
}

export default async function ArticlePage({ params }: Props) {
  const language = await pageLanguage(params);
  const article = getArticle((await params).slug);
  if (!article) notFound();
  const t = translator(language);
  const english = language === DEFAULT_LANGUAGE ? undefined : "en";
  return (
    <>
    <PageLanguages language={language} path={`/articles/${article.slug}`} />
    <article className="article">
      <JsonLd data={articleJsonLd(article, getClinic(), getConfig().siteUrl)} />
      <header>
        <h1 lang={english}>{article.title}</h1>
        <PostedDate date={article.date} updated={article.updated} language={language} />
        {article.review ? <ReviewedBy review={article.review} language={language} /> : null}
      </header>
      <div className="prose" lang={english} dangerouslySetInnerHTML={{ __html: article.html }} />
      <aside className="article__cta" aria-labelledby="article-cta-heading">
        <h2 id="article-cta-heading">{t("articles.ctaHeading")}</h2>
        <p>{t("articles.ctaText")}</p>
        <p>
          <Link href={pathIn(language, "/book")} className="button">
            {t("articles.ctaButton")}
          </Link>
        </p>
      </aside>
    </article>
    </>
  );
}
