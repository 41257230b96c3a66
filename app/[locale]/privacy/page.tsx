import type { Metadata } from "next";
import { connection } from "next/server";
import { PageLanguages } from "@/components/LanguageSwitcher";
import { getClinic } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { postedDateIn } from "@/lib/i18n/dates";
import { DEFAULT_LANGUAGE } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";
import { pageLanguage } from "@/lib/i18n/page-language";
import { pageMetadata } from "@/lib/page-metadata";
import { fillPrivacyNotice, getPrivacyNotice } from "@/lib/privacy/notice";

type Props = { params: Promise<{ locale: string }> };

// Read while the build collects the pages, so a mistake in content/privacy.md, or a translation missing or behind
// it for a language the clinic shows, stops the build.
getPrivacyNotice(DEFAULT_LANGUAGE);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const language = await pageLanguage(params);
  const notice = getPrivacyNotice(language);
  return pageMetadata({ title: notice.title, description: notice.description, path: "/privacy", language, translated: true });
}

export default async function PrivacyPage({ params }: Props) {
  const language = await pageLanguage(params);
  // The notice states the retention of the server that answers (RETENTION_DAYS), not the build's: render per request.
  // Next sends such a page with Cache-Control: no-store, so neither nginx nor a browser keeps an old copy.
  await connection();
  const notice = getPrivacyNotice(language);
  const html = fillPrivacyNotice(notice, { retentionDays: getConfig().retentionDays, clinic: getClinic() });
  return (
    <>
      <PageLanguages language={language} path="/privacy" />
      <article className="article">
        <header>
          <h1>{notice.title}</h1>
          <p className="posted">
            {translator(language).rich("privacy.version", {
              version: notice.version,
              date: postedDateIn(language, notice.updated),
              time: (chunks) => <time dateTime={notice.updated}>{chunks}</time>,
            })}
          </p>
        </header>
        <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
      </article>
    </>
  );
}
