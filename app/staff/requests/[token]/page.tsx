import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { LinkProblem } from "@/components/LinkProblem";
import { StaffRequestActions } from "@/components/StaffRequestActions";
import { describeAppointment } from "@/lib/appointments/describe";
import { openLinkPage } from "@/lib/appointments/link-pages";
import { APPOINTMENT_DAYS_AHEAD } from "@/lib/appointments/schedule";
import { describeRequest, requestedStart } from "@/lib/booking/describe";
import { getClinic } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { hoursLines, type WeeklyHours } from "@/lib/diary";
import {
  addDays,
  formatAppointmentTime,
  formatIndiaTimestamp,
  formatShortAppointmentTime,
  indiaClock,
  indiaTimeOfDay,
} from "@/lib/india-time";
import { actOnRequest } from "./actions";

/** The week's open hours for the staff forms' hint and their time fields' bounds. */
function staffHours(hours: WeeklyHours) {
  const ranges = hours.flat();
  const text = hoursLines(hours)
    .filter((line) => line.times)
    .map((line) => `${line.days}, ${line.times}`)
    .join("; ");
  return {
    text,
    earliest: ranges.map((range) => range.opens).sort()[0] ?? "00:00",
    latest: ranges.map((range) => range.closes).sort().at(-1) ?? "23:59",
  };
}

// Opened from the clinic's email: only shows. Its forms' POSTs act (./actions.ts); proxy.ts answers a forged link
// 404 and an expired one 410, and keeps the page out of caches, search engines and Referer headers.
export const metadata: Metadata = {
  title: "Consultation request",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

const DONE: Record<string, string> = {
  confirmed: "Confirmed. The patron's confirmation and calendar invitation are on their way; the event in the clinic's calendar moves to this time.",
  proposed: "Proposed. The patron has been sent the time with a link to accept or decline it.",
  declined: "Declined. The patron has been sent your answer.",
  cancelled: "Cancelled. The patron has been told, and the event is removed from both calendars.",
  unchanged:
    "Nothing was changed: the request had changed since the page was opened, or the button was pressed twice. This is where it stands now.",
};

export default async function StaffRequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ done?: string }>;
}) {
  await connection();
  const { token } = await params;
  const { done } = await searchParams;
  const now = new Date();
  const page = await openLinkPage("staff", token, now);
  if (!page.found) {
    if (page.reason === "forged") notFound();
    return <LinkProblem problem={page.reason} />;
  }
  const { reference, stored } = page;
  const { request, appointment } = stored;
  const described = describeRequest(request, reference);
  const today = indiaClock(now).date;
  const heldAt = appointment.state === "requested" ? appointment.startsAt : null;
  const notice = done ? DONE[done] : undefined;

  return (
    <>
      <h1>
        Consultation request <span className="reference">{reference}</span>
      </h1>
      {notice && (
        <p className="receipt" role="status">
          {notice}
        </p>
      )}
      <p className="lead">
        <strong>{describeAppointment(appointment)}</strong>
        {appointment.message ? ` · Message sent: “${appointment.message}”` : ""}
      </p>
      <dl className="receipt__details">
        <dt>Patron</dt>
        <dd>{request.fullName}</dd>
        <dt>Mobile</dt>
        <dd>
          <a href={`tel:${request.mobile}`}>{request.mobile}</a>
        </dd>
        <dt>Email</dt>
        <dd>
          <a href={`mailto:${request.email}`}>{request.email}</a>
        </dd>
        <dt>Consultation</dt>
        <dd>{described.mode}</dd>
        <dt>Asked for</dt>
        <dd>
          {described.date}, {described.time} (India time)
        </dd>
        {heldAt && (
          <>
            <dt>Held for the patron</dt>
            <dd>{formatAppointmentTime(heldAt)}</dd>
          </>
        )}
        <dt>Received</dt>
        <dd>{formatIndiaTimestamp(stored.receivedAt)}</dd>
      </dl>
      <h2>Reason for consultation</h2>
      <p className="reason">{request.reason}</p>
      {appointment.state === "cancelled" ? (
        <p>This appointment is cancelled. The patron can book again on the website or by phone.</p>
      ) : (
        <StaffRequestActions
          action={actOnRequest}
          token={token}
          sequence={appointment.sequence}
          state={appointment.state}
          defaultDate={appointment.startsAt ? indiaClock(appointment.startsAt).date : request.preferredDate}
          defaultTime={indiaTimeOfDay(appointment.startsAt ?? requestedStart(request))}
          firstDate={today}
          lastDate={addDays(today, APPOINTMENT_DAYS_AHEAD)}
          consultationMinutes={getConfig().consultationMinutes}
          hours={staffHours(getClinic().hours)}
          held={
            heldAt
              ? { date: indiaClock(heldAt).date, time: indiaTimeOfDay(heldAt), label: formatShortAppointmentTime(heldAt) }
              : undefined
          }
        />
      )}
    </>
  );
}
