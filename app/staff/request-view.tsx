// One consultation request as staff see it, with its actions: the page a link in the clinic's email opens and the
// staff area's page of an appointment show the same thing and post the same forms, to actions that differ only in
// what allows them (the signed link, or the member's session).
import { StaffRequestActions, type StaffRequestActionsProps } from "@/components/StaffRequestActions";
import { describeAppointment } from "@/lib/appointments/describe";
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
import { videoLinkFor } from "@/lib/mail/appointment-emails";
import type { StoredRequest } from "@/lib/store/clinic-store";

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

const DONE: Record<string, string> = {
  confirmed: "Confirmed. The patron's confirmation and calendar invitation are on their way; the event in the clinic's calendar moves to this time.",
  proposed: "Proposed. The patron has been sent the time with a link to accept or decline it.",
  declined: "Declined. The patron has been sent your answer.",
  cancelled: "Cancelled. The patron has been told, and the event is removed from both calendars.",
  unchanged:
    "Nothing was changed: the request had changed since the page was opened, or the button was pressed twice. This is where it stands now.",
};

export interface StaffRequestViewProps {
  reference: string;
  stored: StoredRequest & { request: NonNullable<StoredRequest["request"]> };
  /** What the page was opened for after a POST: the notice to show. */
  done?: string;
  /** The action the forms post to, and the value they carry to name the request (the link's token, or the reference). */
  action: StaffRequestActionsProps["action"];
  token: string;
  now: Date;
}

export function StaffRequestView({ reference, stored, done, action, token, now }: StaffRequestViewProps) {
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
        {request.mode === "video" && videoLinkFor(getConfig(), reference) && (
          <>
            <dt>Meeting link</dt>
            <dd>
              <a href={videoLinkFor(getConfig(), reference)}>{videoLinkFor(getConfig(), reference)}</a>
            </dd>
          </>
        )}
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
          action={action}
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
