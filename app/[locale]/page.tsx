import type { Metadata } from "next";
import Link from "next/link";
import { ArticleList } from "@/components/ArticleList";
import { JsonLd } from "@/components/JsonLd";
import { PageLanguages } from "@/components/LanguageSwitcher";
import { listArticles } from "@/lib/articles";
import { clinicIn, getClinic } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { consultationHoursIn } from "@/lib/i18n/dates";
import { pathIn } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";
import { pageLanguage } from "@/lib/i18n/page-language";
import { pageMetadata } from "@/lib/page-metadata";
import { clinicJsonLd } from "@/lib/structured-data";

const LATEST_COUNT = 3;

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const language = await pageLanguage(params);
  const clinic = clinicIn(language);
  return pageMetadata({
    description: translator(language)("home.description", {
      name: clinic.name,
      specialty: clinic.specialty.toLowerCase(),
      locality: clinic.locality,
    }),
    path: "/",
    language,
    translated: true,
  });
}

export default async function HomePage({ params }: Props) {
  const language = await pageLanguage(params);
  const clinic = clinicIn(language);
  const t = translator(language);
  const latest = listArticles().slice(0, LATEST_COUNT);
  return (
    <>
      <PageLanguages language={language} path="/" />
      <JsonLd data={clinicJsonLd(getClinic(), getConfig().siteUrl)} />
      <section className="hero" aria-labelledby="home-heading">
        <h1 id="home-heading">
          {clinic.name}
          <span className="hero__sub">
            {t("home.heroSub", { specialty: clinic.specialty, locality: clinic.locality.split(",").slice(0, 2).join(",") })}
          </span>
        </h1>
        <p className="lead">{t("home.lead", { hours: consultationHoursIn(language, t, clinic.hours) })}</p>
        <p className="hero__actions">
          <Link href={pathIn(language, "/book")} className="button">
            {t("home.book")}
          </Link>
          <a href={`tel:${clinic.phone}`} className="button button--quiet">
            {t("home.call", { phone: clinic.phoneDisplay })}
          </a>
        </p>
      </section>

      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">{t("home.latest")}</h2>
        <ArticleList articles={latest} headingLevel={3} language={language} />
        <p>
          <Link href={pathIn(language, "/articles")}>{t("home.allArticles")}</Link>
        </p>
      </section>

      <section aria-labelledby="how-heading">
        <h2 id="how-heading">{t("home.howHeading")}</h2>
        <ol className="steps">
          <li>{t("home.step1")}</li>
          <li>{t("home.step2")}</li>
          <li>
            {t("home.step3")} {clinic.visits}
          </li>
        </ol>
      </section>
    </>
  );
}
