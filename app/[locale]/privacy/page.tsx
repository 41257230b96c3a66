import { connection } from "next/server";
import { getClinic } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { formatPostedDate } from "@/lib/india-time";
import { pageMetadata } from "@/lib/page-metadata";
import { fillPrivacyNotice, getPrivacyNotice } from "@/lib/privacy/notice";

// Read while the build collects the pages, so a mistake in content/privacy.md stops the build.
const notice = getPrivacyNotice();

export const metadata = pageMetadata({ title: notice.title, description: notice.description, path: "/privacy" });

export default async function PrivacyPage() {
  // The notice states the retention of the server that answers (RETENTION_DAYS), not the build's: render per request.
  // Next sends such a page with Cache-Control: no-store, so neither nginx nor a browser keeps an old copy.
  await connection();
  const html = fillPrivacyNotice(notice, { retentionDays: getConfig().retentionDays, clinic: getClinic() });
  return (
    <article className="article">
      <header>
        <h1>{notice.title}</h1>
        <p className="posted">
          Version {notice.version}, updated on <time dateTime={notice.updated}>{formatPostedDate(notice.updated)}</time>
        </p>
      </header>
      <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
}
