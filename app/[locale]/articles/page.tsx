import type { Metadata } from "next";
import { ArticleList } from "@/components/ArticleList";
import { PageLanguages } from "@/components/LanguageSwitcher";
import { listArticles } from "@/lib/articles";
import { translator } from "@/lib/i18n/messages";
import { pageLanguage } from "@/lib/i18n/page-language";
import { pageMetadata } from "@/lib/page-metadata";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const language = await pageLanguage(params);
  const t = translator(language);
  return pageMetadata({ title: t("articles.title"), description: t("articles.description"), path: "/articles", language, translated: true });
}

export default async function ArticlesPage({ params }: Props) {
  const language = await pageLanguage(params);
  const t = translator(language);
  return (
    <>
      <PageLanguages language={language} path="/articles" />
      <h1>{t("articles.title")}</h1>
      {language === "en" ? null : <p className="lead">{t("articles.inEnglish")}</p>}
      <ArticleList articles={listArticles()} language={language} />
    </>
  );
}
