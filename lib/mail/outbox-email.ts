// Turns an outbox row into the email it stands for: one composer per kind, given what the store holds at the moment
// of sending, and the details the change that caused it recorded. Links in the email are signed as it is composed.
import type { SendMailOptions } from "nodemailer";
import { agendaEmailId, consultationsEndAt } from "../appointments/schedule";
import type { AppointmentEmailKind } from "../appointments/states";
import { getClinic } from "../clinic";
import { getConfig } from "../config";
import { addDays, indiaInstant } from "../india-time";
import type { Language } from "../i18n/languages";
import { linkUrl, STAFF_LINK_DAYS, WITHDRAW_LINK_DAYS } from "../links";
import type { ClinicStore, NewEmail, OutboxEmail } from "../store/clinic-store";
import { composeAgendaEmail } from "./agenda-email";
import { appointmentCalendar, composeAppointmentEmail } from "./appointment-emails";
import { composeBookingEmail } from "./booking-email";
import { composeConfirmationEmail } from "./confirmation-email";
import { givenUpInWords } from "./delivery-failure";
import { composeStaffEnrolmentEmail } from "./staff-enrolment-email";
import { composeUndeliverableEmail } from "./undeliverable-email";
import { composeWithdrawalEmail } from "./withdrawal-emails";

export type EmailKind =
  | "clinic-request"
  | "patron-receipt"
  | "clinic-agenda"
  | "clinic-undeliverable"
  | "staff-enrolment"
  | AppointmentEmailKind;

/** The two emails a new consultation request causes. */
export const REQUEST_EMAILS: (NewEmail & { kind: EmailKind })[] = [
  { kind: "clinic-request", recipient: "clinic" },
  { kind: "patron-receipt", recipient: "patron" },
];

/** Human words for each kind, for staff reading `npm run outbox`. */
export const EMAIL_KIND_NAMES: Record<EmailKind, string> = {
  "clinic-request": "request to the clinic",
  "patron-receipt": "receipt to the patron",
  "clinic-agenda": "the day's agenda to the clinic",
  "patron-confirmed": "confirmation to the patron",
  "clinic-confirmed": "confirmation to the clinic",
  "patron-proposal": "proposed time to the patron",
  "clinic-proposal-declined": "proposed time declined, to the clinic",
  "patron-declined": "decline to the patron",
  "clinic-declined": "decline to the clinic",
  "patron-cancelled": "cancellation to the patron",
  "clinic-cancelled": "cancellation to the clinic",
  "patron-reminder": "reminder to the patron",
  "clinic-booked": "booked online, to the clinic",
  "patron-moved": "new time to the patron",
  "clinic-moved": "moved by the patron, to the clinic",
  "patron-withdrawn": "details deleted, to the patron",
  "clinic-withdrawn": "consent withdrawn, to the clinic",
  "clinic-undeliverable": "\"please call the patron\", to the clinic",
  "staff-enrolment": "enrolment link to a staff member",
};

/** Staff's words for an email's kind, or the kind itself for one this release does not know. */
export function emailKindName(kind: string): string {
  return EMAIL_KIND_NAMES[kind as EmailKind] ?? kind;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One Message-ID per outbox row, whatever the try: should an email go out twice (a server killed between handing it
 * to the mail server and marking it sent), mail programs that see the same Message-ID show it once.
 */
export function outboxMessageId(emailId: string, mailFrom: string): string {
  const domain = /@([^<>\s@]+)>?\s*$/.exec(mailFrom)?.[1] ?? "localhost";
  return `<${emailId.replace(/[^A-Za-z0-9.-]/g, ".")}@${domain}>`;
}

/** What to do with an outbox row: send this message; drop it, as it no longer applies; or give up on it. */
export type ComposedEmail = { send: SendMailOptions } | { drop: string } | { giveUp: string };

/** Composes `email` as it is to be sent at `now`, from what `store` holds. */
export async function composeOutboxEmail(email: OutboxEmail, store: ClinicStore, now: Date): Promise<ComposedEmail> {
  const clinic = getClinic();
  const config = getConfig();
  const messageId = outboxMessageId(email.id, config.mailFrom);
  // These links last a number of days from the email that carries them: a staff link two weeks, and the link every
  // email to a patron carries to withdraw their consent, a year.
  const linkFromEmail = (purpose: "staff" | "withdraw", days: number) => (reference: string, language?: Language) =>
    linkUrl(purpose, reference, new Date(email.createdAt.getTime() + days * DAY_MS), language);
  const staffLink = linkFromEmail("staff", STAFF_LINK_DAYS);
  const withdrawLink = linkFromEmail("withdraw", WITHDRAW_LINK_DAYS);
  const kind = email.kind as EmailKind;

  if (kind === "clinic-agenda") {
    const date = email.id.slice(agendaEmailId("").length);
    // Held up past the day's consultations (mail down all day): it is no use any more.
    const endsAt = consultationsEndAt(date, clinic.hours);
    if (!endsAt || now >= endsAt) return { drop: "the day's consultations are over" };
    const confirmed = await store.confirmedAppointmentsBetween(indiaInstant(date, "00:00"), indiaInstant(addDays(date, 1), "00:00"));
    const entries = confirmed.flatMap(({ reference, request, appointment }) =>
      request && appointment.startsAt ? [{ reference, request, startsAt: appointment.startsAt, staffLink: staffLink(reference) }] : [],
    );
    const givenUp = await Promise.all(
      (await store.emailsGivenUpSinceLastAgenda(email.createdAt)).map(async (failed) => ({
        reference: failed.reference!,
        emailName: emailKindName(failed.kind),
        reason: givenUpInWords(failed.failure, failed.lastError ?? ""),
        mobile: (await store.findRequest(failed.reference!))?.request?.mobile ?? null,
      })),
    );
    return { send: { ...composeAgendaEmail(date, entries, givenUp, config), messageId } };
  }

  if (kind === "staff-enrolment") {
    const enrolment = email.details?.enrolment;
    if (!enrolment) return { giveUp: "the link was erased" };
    // A link past its hour opens nothing: an email bringing it would only puzzle its reader.
    if (now.getTime() >= enrolment.expiresAt) return { drop: "the enrolment link has expired" };
    return { send: { ...composeStaffEnrolmentEmail({ enrolment, clinicName: clinic.name, config }), messageId } };
  }

  if (kind === "patron-withdrawn" || kind === "clinic-withdrawn") {
    // Composed from what the row recorded: the request's details are already erased.
    const composed = composeWithdrawalEmail(kind, { reference: email.reference!, details: email.details ?? {}, clinic, config });
    return composed ? { send: { ...composed, messageId } } : { giveUp: "the patron's address was erased" };
  }

  const stored = email.reference === null ? undefined : await store.findRequest(email.reference);
  if (!stored?.request) return { giveUp: "the request's details are no longer there" };
  const { reference, request, receivedAt, consent, appointment, language } = stored;

  switch (kind) {
    case "clinic-undeliverable": {
      const givenUp = email.details?.givenUp;
      if (!givenUp) return { giveUp: "it does not say which email was given up" };
      return {
        send: {
          ...composeUndeliverableEmail({
            reference,
            request,
            appointment,
            emailName: emailKindName(givenUp.kind),
            reason: givenUp.reason,
            staffLink: staffLink(reference),
            config,
            language,
          }),
          messageId,
        },
      };
    }
    case "clinic-request":
      return {
        send: {
          ...composeBookingEmail(request, { reference, receivedAt, clinic, config, staffLink: staffLink(reference), consent, language }),
          messageId,
        },
      };
    case "patron-receipt": {
      // A time held for the patron can be changed from their page until it comes.
      const held =
        appointment.state === "requested" && appointment.startsAt ? linkUrl("patron", reference, appointment.startsAt, language) : undefined;
      const receipt = { reference, clinic, config, withdrawLink: withdrawLink(reference, language), patronLink: held, language };
      return { send: { ...composeConfirmationEmail(request, receipt), messageId } };
    }
    default: {
      const details = email.details ?? {};
      const startsAt = details.startsAt === undefined ? null : new Date(details.startsAt);
      if (kind === "patron-reminder") {
        if (appointment.state !== "confirmed" || appointment.startsAt?.getTime() !== startsAt?.getTime()) {
          return { drop: "the appointment was moved or cancelled" };
        }
        // Held up past its time (mail down all night): a reminder after the consultation began would only confuse.
        if (startsAt && startsAt <= now) return { drop: "the appointment's time has come" };
      }
      // The patron's link opens their page until the time it is about.
      const patronLink =
        startsAt && ["patron-confirmed", "patron-reminder", "patron-proposal", "patron-moved"].includes(kind)
          ? linkUrl("patron", reference, startsAt, language)
          : undefined;
      const context = {
        reference,
        request,
        startsAt,
        sequence: details.sequence ?? appointment.sequence,
        message: details.message ?? null,
        by: details.by ?? appointment.changedBy,
        state: appointment.state,
        movedFrom: details.movedFrom,
        clinic,
        config,
        links: { staff: staffLink(reference), patron: patronLink, withdraw: withdrawLink(reference, language) },
        language,
      };
      if (kind === "clinic-booked") {
        // Booked at once: the clinic's first email about the request, with everything the request's email has.
        const booked = { startsAt: startsAt!, icalEvent: appointmentCalendar(context, "PUBLISH", startsAt!) };
        return {
          send: { ...composeBookingEmail(request, { reference, receivedAt, clinic, config, staffLink: staffLink(reference), consent, booked, language }), messageId },
        };
      }
      return { send: { ...composeAppointmentEmail(kind, context), messageId } };
    }
  }
}
