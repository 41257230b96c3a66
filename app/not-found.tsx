import "./globals.css";
import Link from "next/link";
import type { Metadata } from "next";
import { ArticleList } from "@/components/ArticleList";
import { PageLanguages } from "@/components/LanguageSwitcher";
import { SiteFrame } from "@/components/SiteFrame";
import { listArticles } from "@/lib/articles";
import { clinicIn } from "@/lib/clinic";
import { DEFAULT_LANGUAGE, pathIn } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";


// The English "Page not found", for any address no page has (the staff area's included). An address under /kn/ or
// /hi/ that no page has is answered by proxy.ts in its language (lib/site-pages.ts): Next.js 16.4 renders an empty
// document for a notFound() caught inside app/[locale], whose layout draws <html>, so none is thrown there.
export const metadata: Metadata = { title: translator(DEFAULT_LANGUAGE)("notFound.title"), robots: { index: false, follow: true } };

export default function NotFound() {
  const language = DEFAULT_LANGUAGE;
  const clinic = clinicIn(language);
  const t = translator(language);
  const link = (path: string) => pathIn(language, path);
  return (
    <SiteFrame language={language}>
      <PageLanguages language={language} path="/" />
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.text")}</p>
      <p>
        {t.rich("notFound.links", {
          phone: clinic.phoneDisplay,
          home: (chunks) => <Link href={link("/")}>{chunks}</Link>,
          articles: (chunks) => <Link href={link("/articles")}>{chunks}</Link>,
          book: (chunks) => <Link href={link("/book")}>{chunks}</Link>,
          call: (chunks) => <a href={`tel:${clinic.phone}`}>{chunks}</a>,
        })}
      </p>
      <h2>{t("notFound.articles")}</h2>
      <ArticleList articles={listArticles().slice(0, 5)} headingLevel={3} language={language} />
    </SiteFrame>
  );
}
