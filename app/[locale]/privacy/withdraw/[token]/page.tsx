import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { describeAppointmentIn } from "@/lib/appointments/describe";
import { withdrawalCancels } from "@/lib/appointments/states";
import { clinicIn } from "@/lib/clinic";
import { pathIn } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";
import { pageLanguage } from "@/lib/i18n/page-language";
import { openWithdrawalPage } from "@/lib/appointments/withdrawal";
import { withdrawConsentAction } from "./actions";

type Props = { params: Promise<{ locale: string; token: string }>; searchParams: Promise<{ done?: string }> };

// Opened from the link at the foot of every email to a patron: only shows what withdrawing would do. Its form's POST
// withdraws consent and erases the details (./actions.ts); proxy.ts answers a forged link 404 and an expired one 410,
// and sets no-store, noindex, no-referrer.
export async function generateMetadata({ params }: Pick<Props, "params">): Promise<Metadata> {
  const t = translator(await pageLanguage(params));
  return { title: t("withdrawalPage.title"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

export default async function WithdrawConsentPage({ params, searchParams }: Props) {
  const language = await pageLanguage(params);
  await connection();
  const { token } = await params;
  const { done } = await searchParams;
  const now = new Date();
  const page = await openWithdrawalPage(token, now);
  if (!page.found) notFound();
  const clinic = clinicIn(language);
  const t = translator(language);
  const phone = clinic.phoneDisplay;
  const call = (chunks: React.ReactNode) => <a href={`tel:${clinic.phone}`}>{chunks}</a>;
  const heading = (
    <h1>{t.rich("withdrawalPage.heading", { reference: page.reference, ref: (chunks) => <span className="reference">{chunks}</span> })}</h1>
  );

  if (page.erased) {
    return (
      <>
        {heading}
        <p className="receipt" role="status">
          {done === "withdrawn" ? t("withdrawalPage.withdrawn") : t("withdrawalPage.alreadyDeleted")}
        </p>
        <p>
          {t.rich("withdrawalPage.whatIsKept", { phone, call, book: (chunks) => <Link href={pathIn(language, "/book")}>{chunks}</Link> })}
        </p>
      </>
    );
  }

  const { appointment } = page;
  const cancels = withdrawalCancels(appointment, now);
  return (
    <>
      {heading}
      {done === "failed" && (
        <p className="form-message" role="alert">
          {t.rich("withdrawalPage.failed", { phone, call })}
        </p>
      )}
      <p>{t("withdrawalPage.standing", { standing: describeAppointmentIn(language, appointment) })}</p>
      <p>{t("withdrawalPage.ifYouWithdraw")}</p>
      <ul>
        {cancels && <li>{t("withdrawalPage.cancels")}</li>}
        <li>{t("withdrawalPage.deletes")}</li>
        <li>{t("withdrawalPage.keeps")}</li>
        <li>{t("withdrawalPage.lastEmail")}</li>
      </ul>
      <p>
        {t.rich("withdrawalPage.cannotBeUndone", { privacy: (chunks) => <Link href={pathIn(language, "/privacy")}>{chunks}</Link> })}
      </p>
      <form action={withdrawConsentAction}>
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="language" value={language} />
        {/* The words of the link in the patron's emails, so the button is the one they came for. */}
        <button type="submit" className="button">
          {t("mail.receipt.withdraw")}
        </button>
      </form>
      <p>{t.rich("withdrawalPage.keepInstead", { phone, call })}</p>
    </>
  );
}
