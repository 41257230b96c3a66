import { connection } from "next/server";
import { PageLanguages } from "@/components/LanguageSwitcher";
import { getClinic } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { formatPostedDate } from "@/lib/india-time";
import { pageMetadata } from "@/lib/page-metadata";
import { pageLanguage } from "@/lib/i18n/page-language";
import { fillPrivacyNotice, getPrivacyNotice } from "@/lib/privacy/notice";

// Read while the build collects the pages, so a mistake in content/privacy.md stops the build.
const notice = getPrivacyNotice();

export const metadata = pageMetadata({ title: notice.title, description: notice.description, path: "/privacy" });

export default async function PrivacyPage({ params }: { params: Promise<{ locale: string }> }) {
  const language = await pageLanguage(params);
  // The notice states the retention of the server that answers (RETENTION_DAYS), not the build's: render per request.
  // Next sends such a page with Cache-Control: no-store, so neither nginx nor a browser keeps an old copy.
  await connection();
  const html = fillPrivacyNotice(notice, { retentionDays: getConfig().retentionDays, clinic: getClinic() });
  // The notice is English's until its translations are written (content/privacy.<language>.md).
  return (
    <>
    <PageLanguages language={language} path="/privacy" />
    <article className="article" lang={language === "en" ? undefined : "en"}>
      <header>
        <h1>{notice.title}</h1>
        <p className="posted">
          Version {notice.version}, updated on <time dateTime={notice.updated}>{formatPostedDate(notice.updated)}</time>
        </p>
      </header>
      <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
    </>
  );
}
