import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { LinkProblem } from "@/components/LinkProblem";
import { PatronAppointmentActions } from "@/components/PatronAppointmentActions";
import { PatronMoveForm } from "@/components/PatronMoveForm";
import type { PatronIntent } from "@/lib/appointments/form-choices";
import { openLinkPage } from "@/lib/appointments/link-pages";
import { moveFormText } from "@/lib/appointments/patron-page-text";
import { cancelDeadline } from "@/lib/appointments/schedule";
import { dayTimes } from "@/lib/booking/free-times";
import { bookableDates } from "@/lib/booking/schema";
import { clinicIn } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { appointmentTimeIn } from "@/lib/i18n/dates";
import { translator } from "@/lib/i18n/messages";
import { pageLanguage } from "@/lib/i18n/page-language";
import { getStore } from "@/lib/store";
import { actOnAppointment } from "./actions";

type Props = {
  params: Promise<{ locale: string; token: string }>;
  searchParams: Promise<{ done?: string; date?: string | string[] }>;
};

// Opened from the patron's email: only shows where their appointment stands. Its buttons' POSTs act
// (./actions.ts); proxy.ts answers a forged link 404 and an expired one 410, and sets no-store, noindex, no-referrer.
export async function generateMetadata({ params }: Pick<Props, "params">): Promise<Metadata> {
  const t = translator(await pageLanguage(params));
  return { title: t("appointmentPage.title"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

/** The notices a POST comes back with (?done=…) that the patron's page shows. */
const DONE = ["accept-proposal", "decline-proposal", "cancelled", "moved", "unchanged"] as const;
const isDone = (done: string | undefined): done is (typeof DONE)[number] => (DONE as readonly (string | undefined)[]).includes(done);

export default async function PatronAppointmentPage({ params, searchParams }: Props) {
  const language = await pageLanguage(params);
  await connection();
  const { token } = await params;
  const { done, date } = await searchParams;
  const now = new Date();
  const page = await openLinkPage("patron", token, now);
  if (!page.found) {
    if (page.reason === "forged") notFound();
    return <LinkProblem problem={page.reason} language={language} />;
  }
  const { reference, stored } = page;
  const { request, appointment } = stored;
  const clinic = clinicIn(language);
  const t = translator(language);
  const call = (chunks: React.ReactNode) => <a href={`tel:${clinic.phone}`}>{chunks}</a>;
  const strong = (chunks: React.ReactNode) => <strong>{chunks}</strong>;
  const phone = clinic.phoneDisplay;
  const mode = t(`appointmentPage.modes.${request.mode}`);
  const when = appointment.startsAt ? appointmentTimeIn(language, appointment.startsAt) : "";

  let summary: React.ReactNode;
  let choices: { intent: PatronIntent; label: string }[] = [];
  switch (appointment.state) {
    case "proposed":
      summary = <p>{t.rich("appointmentPage.proposed", { when, mode, strong })}</p>;
      choices = [
        { intent: "accept-proposal", label: t("appointmentPage.accept") },
        { intent: "decline-proposal", label: t("appointmentPage.decline") },
      ];
      break;
    case "confirmed": {
      const canCancel = appointment.startsAt && now <= cancelDeadline(appointment.startsAt);
      summary = (
        <>
          <p>{t.rich("appointmentPage.confirmed", { when, mode, strong })}</p>
          <p>{t.rich(canCancel ? "appointmentPage.canCancel" : "appointmentPage.tooLateToCancel", { phone, call })}</p>
        </>
      );
      if (canCancel) choices = [{ intent: "cancel", label: t("appointmentPage.cancel") }];
      break;
    }
    case "cancelled":
      summary = <p>{t.rich("appointmentPage.cancelled", { when, phone, call })}</p>;
      break;
    case "declined":
      summary = <p>{t.rich("appointmentPage.declined", { phone, call })}</p>;
      break;
    case "requested":
      summary = <p>{t.rich(when ? "appointmentPage.held" : "appointmentPage.waiting", { when, mode, phone, strong, call })}</p>;
      break;
  }
  // A time held or confirmed can be changed online until two hours before, as it can be cancelled.
  const canMove =
    (appointment.state === "requested" || appointment.state === "confirmed") &&
    appointment.startsAt !== null &&
    now <= cancelDeadline(appointment.startsAt);
  const shownDate = typeof date === "string" ? date.slice(0, 10) : undefined;
  const times = canMove && shownDate ? await dayTimes(await getStore(), shownDate, now, language) : undefined;
  const { first, last } = bookableDates(now);

  return (
    <>
      <h1>{t.rich("appointmentPage.heading", { reference, ref: (chunks) => <span className="reference">{chunks}</span> })}</h1>
      {isDone(done) && (
        <p className="receipt" role="status">
          {t(`appointmentPage.done.${done}`)}
        </p>
      )}
      {summary}
      {choices.length > 0 && (
        <PatronAppointmentActions
          action={actOnAppointment}
          token={token}
          sequence={appointment.sequence}
          language={language}
          choices={choices}
        />
      )}
      {canMove && (
        <section className="action-card" aria-labelledby="move-heading">
          <h2 id="move-heading">{t("appointmentPage.move.heading")}</h2>
          <p>
            {appointment.state === "confirmed" && getConfig().bookingConfirmation === "staff"
              ? t("appointmentPage.move.heldUntilConfirmed")
              : t("appointmentPage.move.released")}
          </p>
          {/* Opening a date's times only shows them (GET); the move is the form below's POST. */}
          <form method="get" className="date-with-times">
            <label htmlFor="move-date">{t("appointmentPage.move.date")}</label>
            <input id="move-date" type="date" name="date" min={first} max={last} defaultValue={shownDate} required />
            <button type="submit" className="button button--quiet">
              {t("booking.times.showTimes")}
            </button>
          </form>
          {times && times.times.length > 0 && (
            <PatronMoveForm
              action={actOnAppointment}
              token={token}
              sequence={appointment.sequence}
              language={language}
              date={times.date}
              times={times.times}
              labels={times.labels}
              text={moveFormText(language, times.dateLabel)}
            />
          )}
          {times && times.times.length === 0 && (
            <p role="status">
              {t("appointmentPage.sentence", { text: times.problem ?? t("booking.times.none", { date: times.dateLabel }) })}
              {times.nextDate && (
                <>
                  {" "}
                  {t.rich("appointmentPage.move.next", {
                    date: times.nextDateLabel ?? times.nextDate,
                    next: (chunks) => <a href={`?date=${times.nextDate}`}>{chunks}</a>,
                  })}
                </>
              )}
            </p>
          )}
        </section>
      )}
      <p>{t("appointmentPage.emergency")}</p>
    </>
  );
}
