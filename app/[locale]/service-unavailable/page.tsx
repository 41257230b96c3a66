import type { Metadata } from "next";
import Link from "next/link";
import { PageLanguages } from "@/components/LanguageSwitcher";
import { clinicIn } from "@/lib/clinic";
import { pathIn } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";
import { pageLanguage } from "@/lib/i18n/page-language";

// nginx (deploy/nginx.conf) shows this prerendered page, in the language of the address asked for, when Next.js
// cannot answer, for example while it restarts.
type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const language = await pageLanguage(params);
  return { title: translator(language)("unavailable.title"), robots: { index: false, follow: true } };
}

export default async function ServiceUnavailable({ params }: Props) {
  const language = await pageLanguage(params);
  const clinic = clinicIn(language);
  const t = translator(language);
  return (
    <>
      <PageLanguages language={language} path="/" />
      <h1>{t("unavailable.heading")}</h1>
      <p>{t.rich("unavailable.text", { strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <p>
        {t.rich("unavailable.contact", {
          phone: clinic.phoneDisplay,
          email: clinic.email,
          call: (chunks) => <a href={`tel:${clinic.phone}`}>{chunks}</a>,
          mail: (chunks) => <a href={`mailto:${clinic.email}`}>{chunks}</a>,
          articles: (chunks) => <Link href={pathIn(language, "/articles")}>{chunks}</Link>,
        })}
      </p>
    </>
  );
}
