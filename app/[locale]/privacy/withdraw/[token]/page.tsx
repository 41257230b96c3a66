import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { describeAppointment } from "@/lib/appointments/describe";
import { withdrawalCancels } from "@/lib/appointments/states";
import { getClinic } from "@/lib/clinic";
import { WITHDRAW_LINK_TEXT } from "@/lib/mail/layout";
import { openWithdrawalPage } from "@/lib/appointments/withdrawal";
import { withdrawConsentAction } from "./actions";

// Opened from the link at the foot of every email to a patron: only shows what withdrawing would do. Its form's POST
// withdraws consent and erases the details (./actions.ts); proxy.ts answers a forged link 404 and an expired one 410,
// and sets no-store, noindex, no-referrer.
export const metadata: Metadata = {
  title: "Withdraw consent and delete your details",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

export default async function WithdrawConsentPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; token: string }>;
  searchParams: Promise<{ done?: string }>;
}) {
  await connection();
  const { locale, token } = await params;
  const { done } = await searchParams;
  const now = new Date();
  const page = await openWithdrawalPage(token, now);
  if (!page.found) notFound();
  const clinic = getClinic();
  const call = <a href={`tel:${clinic.phone}`}>{clinic.phoneDisplay}</a>;
  const heading = (
    <h1>
      Your details for <span className="reference">{page.reference}</span>
    </h1>
  );

  if (page.erased) {
    return (
      <>
        {heading}
        <p className="receipt" role="status">
          {done === "withdrawn"
            ? "Your consent is withdrawn and your details are deleted. A last email saying so is on its way to you."
            : "Your details for this request have already been deleted."}
        </p>
        <p>
          Only the reference, its dates and what happened to it are kept, with nothing that identifies you. To book
          again, use the <Link href="/book">booking page</Link> or call {call}.
        </p>
      </>
    );
  }

  const { appointment } = page;
  const cancels = withdrawalCancels(appointment, now);
  return (
    // Still English in every language's frame, and marked so, until its words are in messages/.
    <div lang={locale === "en" ? undefined : "en"}>
      {heading}
      {done === "failed" && (
        <p className="form-message" role="alert">
          Sorry, this could not be done just now. Nothing was changed. Please try again, or call {call}.
        </p>
      )}
      <p>Where your request stands: {describeAppointment(appointment)}.</p>
      <p>If you withdraw your consent:</p>
      <ul>
        {cancels && <li>your consultation request is cancelled, and the clinic is told;</li>}
        <li>
          your name, mobile number, email address, the consultation you asked for and its reason are deleted at once;
        </li>
        <li>only the reference, its dates and what happened to it are kept, with nothing that identifies you;</li>
        <li>you get one last email saying so.</li>
      </ul>
      <p>
        This cannot be undone. How the clinic uses your details is in its <Link href="/privacy">privacy notice</Link>.
      </p>
      <form action={withdrawConsentAction}>
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="button">
          {WITHDRAW_LINK_TEXT}
        </button>
      </form>
      <p>
        To keep your consultation instead, close this page. Questions: call {call}.
      </p>
    </div>
  );
}
