import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { LinkProblem } from "@/components/LinkProblem";
import { isLanguage } from "@/lib/i18n/languages";
import { PatronAppointmentActions } from "@/components/PatronAppointmentActions";
import { PatronMoveForm } from "@/components/PatronMoveForm";
import type { PatronIntent } from "@/lib/appointments/form-choices";
import { openLinkPage } from "@/lib/appointments/link-pages";
import { cancelDeadline } from "@/lib/appointments/schedule";
import { dayTimes } from "@/lib/booking/free-times";
import { CONSULTATION_MODES } from "@/lib/booking/rules";
import { bookableDates } from "@/lib/booking/schema";
import { getConfig } from "@/lib/config";
import { getStore } from "@/lib/store";
import { getClinic } from "@/lib/clinic";
import { formatAppointmentTime } from "@/lib/india-time";
import { actOnAppointment } from "./actions";

// Opened from the patron's email: only shows where their appointment stands. Its buttons' POSTs act
// (./actions.ts); proxy.ts answers a forged link 404 and an expired one 410, and sets no-store, noindex, no-referrer.
export const metadata: Metadata = {
  title: "Your appointment",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

const DONE: Record<string, string> = {
  "accept-proposal": "Thank you: your consultation is confirmed. A confirmation with a calendar invitation is on its way to your email.",
  "decline-proposal": "Thank you for letting us know. The clinic will call you to agree another time.",
  cancelled: "Your appointment is cancelled. A confirmation is on its way to your email.",
  moved: "Your consultation is moved. An email with the new time is on its way to you.",
  unchanged: "Nothing was changed: this had already been done. This is where your appointment stands now.",
};

export default async function PatronAppointmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; token: string }>;
  searchParams: Promise<{ done?: string; date?: string | string[] }>;
}) {
  await connection();
  const { locale, token } = await params;
  const { done, date } = await searchParams;
  const now = new Date();
  const page = await openLinkPage("patron", token, now);
  if (!page.found) {
    if (page.reason === "forged") notFound();
    return <LinkProblem problem={page.reason} language={isLanguage(locale) ? locale : "en"} />;
  }
  const { reference, stored } = page;
  const { request, appointment } = stored;
  const clinic = getClinic();
  const call = <a href={`tel:${clinic.phone}`}>{clinic.phoneDisplay}</a>;
  const mode = CONSULTATION_MODES[request.mode].label;
  const when = appointment.startsAt ? formatAppointmentTime(appointment.startsAt) : undefined;
  const notice = done ? DONE[done] : undefined;

  let summary: React.ReactNode;
  let choices: { intent: PatronIntent; label: string }[] = [];
  switch (appointment.state) {
    case "proposed":
      summary = (
        <p>
          The clinic proposes <strong>{when}</strong> for your {mode.toLowerCase()}. Nothing is booked until you accept.
        </p>
      );
      choices = [
        { intent: "accept-proposal", label: "Accept this time" },
        { intent: "decline-proposal", label: "Decline this time" },
      ];
      break;
    case "confirmed": {
      const canCancel = appointment.startsAt && now <= cancelDeadline(appointment.startsAt);
      summary = (
        <>
          <p>
            Your {mode.toLowerCase()} is <strong>confirmed for {when}</strong>.
          </p>
          <p>
            {canCancel
              ? "You can cancel it here until two hours before. To change the time, call "
              : "It is less than two hours to your consultation, so it can no longer be cancelled online. To cancel or change it, please call "}
            {call}.
          </p>
        </>
      );
      if (canCancel) choices = [{ intent: "cancel", label: "Cancel the appointment" }];
      break;
    }
    case "cancelled":
      summary = <p>Your appointment on {when} is cancelled. To book another, visit the booking page or call {call}.</p>;
      break;
    case "declined":
      summary = <p>The clinic could not confirm this request. To talk about it, call {call}.</p>;
      break;
    case "requested":
      summary = when ? (
        <p>
          <strong>{when}</strong> is held for your {mode.toLowerCase()}; the clinic will confirm it by email. You can also
          call {call}.
        </p>
      ) : (
        <p>Your request is with the clinic, which will call or write to you to agree a time. You can also call {call}.</p>
      );
      break;
  }
  // A time held or confirmed can be changed online until two hours before, as it can be cancelled.
  const canMove =
    (appointment.state === "requested" || appointment.state === "confirmed") &&
    appointment.startsAt !== null &&
    now <= cancelDeadline(appointment.startsAt);
  const shownDate = typeof date === "string" ? date.slice(0, 10) : undefined;
  const times = canMove && shownDate ? await dayTimes(await getStore(), shownDate, now) : undefined;
  const { first, last } = bookableDates(now);

  return (
    // Still English in every language's frame, and marked so, until its words are in messages/.
    <div lang={locale === "en" ? undefined : "en"}>
      <h1>
        Your consultation <span className="reference">{reference}</span>
      </h1>
      {notice && (
        <p className="receipt" role="status">
          {notice}
        </p>
      )}
      {summary}
      {choices.length > 0 && (
        <PatronAppointmentActions action={actOnAppointment} token={token} sequence={appointment.sequence} choices={choices} />
      )}
      {canMove && (
        <section className="action-card" aria-labelledby="move-heading">
          <h2 id="move-heading">Choose another time</h2>
          <p>
            {appointment.state === "confirmed" && getConfig().bookingConfirmation === "staff"
              ? "The new time is held for you until the clinic confirms it; your present time is released."
              : "Your present time is released when you move."}
          </p>
          {/* Opening a date's times only shows them (GET); the move is the form below's POST. */}
          <form method="get" className="date-with-times">
            <label htmlFor="move-date">Date</label>
            <input id="move-date" type="date" name="date" min={first} max={last} defaultValue={shownDate} required />
            <button type="submit" className="button button--quiet">
              Show free times
            </button>
          </form>
          {times && times.times.length > 0 && (
            <PatronMoveForm
              action={actOnAppointment}
              token={token}
              sequence={appointment.sequence}
              date={times.date}
              dateLabel={times.dateLabel}
              times={times.times}
            />
          )}
          {times && times.times.length === 0 && (
            <p role="status">
              {times.problem ?? `No free times on ${times.dateLabel}`}.
              {times.nextDate && (
                <>
                  {" "}
                  The next day with free times is <a href={`?date=${times.nextDate}`}>{times.nextDateLabel}</a>.
                </>
              )}
            </p>
          )}
        </section>
      )}
      <p>This is not for emergencies. If you need urgent care, go to the nearest hospital emergency department or call 112.</p>
    </div>
  );
}
