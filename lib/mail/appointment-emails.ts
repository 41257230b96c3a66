// The emails an appointment's changes cause (lib/appointments/states.ts): to the patron, a confirmation with its
// invitation, a proposed time to answer, a decline, a cancellation and the evening-before reminder; to the clinic, the
// same changes with the patron's details and the calendar updates that keep staff calendars right. Each tells of the
// change that caused it (its time, SEQUENCE and message), even if another change has followed.
import type { SendMailOptions } from "nodemailer";
import type { Actor, AppointmentEmailKind, AppointmentState, WithdrawalEmailKind } from "../appointments/states";
import { describeRequest, requestedStart } from "../booking/describe";
import { CONSULTATION_MODES } from "../booking/rules";
import type { ConsultationRequest } from "../booking/schema";
import type { ClinicSettings } from "../clinic";
import type { Config } from "../config";
import { formatAppointmentTime } from "../india-time";
import { appointmentEvent, calendarAttachment, type CalendarMethod } from "./calendar";
import { emailBodies, privacyBlock, type EmailBlock } from "./layout";

export interface AppointmentEmailContext {
  reference: string;
  request: ConsultationRequest;
  /** The change's time: agreed, proposed or cancelled. */
  startsAt: Date | null;
  sequence: number;
  message: string | null;
  by: Actor;
  /** The appointment's state now, and where a moved one stood before. */
  state?: AppointmentState;
  movedFrom?: { state: AppointmentState; startsAt: number };
  clinic: Pick<ClinicSettings, "name" | "phone" | "phoneDisplay" | "email">;
  config: Pick<Config, "mailFrom" | "clinicInbox" | "siteUrl" | "videoLink" | "consultationMinutes">;
  /**
   * The staff page's link (in the clinic's emails), the patron's (in theirs, while it can be of use), and the one
   * that withdraws the patron's consent (at the foot of every email to them).
   */
  links: { staff: string; patron?: string; withdraw: string };
}

export const EMERGENCY =
  "This is not for emergencies. If you need urgent care, go to the nearest hospital emergency department or call 112.";

/** The clinic's meeting room for this consultation, when VIDEO_LINK is set. */
export function videoLinkFor(config: Pick<Config, "videoLink">, reference: string): string | undefined {
  return config.videoLink?.replaceAll("{reference}", reference).replaceAll("%7Breference%7D", reference);
}

/** How the consultation will happen, in the patron's words. */
function howItHappens(context: AppointmentEmailContext): EmailBlock[] {
  const { request, config, reference } = context;
  if (request.mode === "tele") {
    return [{ text: `The doctor will call you on ${request.mobile} at that time. Please keep your phone with you.` }];
  }
  const video = videoLinkFor(config, reference);
  return video
    ? [{ text: "At the time, open the clinic's video consultation room:" }, { link: "Join the video consultation", href: video }]
    : [{ text: "The clinic will send you the link to the video consultation before it starts." }];
}

/** The clinic's name and how to reach it, at the end of an email. */
export function signature({ clinic }: Pick<AppointmentEmailContext, "clinic">): EmailBlock {
  return { text: `${clinic.name}\n${clinic.phoneDisplay} · ${clinic.email}` };
}

function patronEmail(context: AppointmentEmailContext, subject: string, blocks: EmailBlock[]): SendMailOptions {
  const { request, config } = context;
  return {
    to: { name: request.fullName, address: request.email },
    from: config.mailFrom,
    replyTo: config.clinicInbox,
    subject,
    ...emailBodies([
      { text: `Dear ${request.fullName},` },
      ...blocks,
      { strong: EMERGENCY },
      signature(context),
      privacyBlock(config.siteUrl, context.links.withdraw),
    ]),
  };
}

function clinicEmail(context: AppointmentEmailContext, subject: string, blocks: EmailBlock[]): SendMailOptions {
  const { request, config, reference } = context;
  return {
    to: config.clinicInbox,
    from: config.mailFrom,
    replyTo: { name: request.fullName, address: request.email },
    subject,
    ...emailBodies([
      ...blocks,
      {
        rows: [
          ["Reference", reference],
          ["Patron", request.fullName],
          ["Mobile", request.mobile],
          ["Email", request.email],
          ["Consultation", CONSULTATION_MODES[request.mode].label],
        ],
      },
      { text: `Call the patron: ${request.mobile}. Reply to this email to write to the patron.` },
    ]),
  };
}

/** The appointment's event for the patron (REQUEST, CANCEL) or the clinic's calendar (PUBLISH), at `startsAt`. */
export function appointmentCalendar(
  context: AppointmentEmailContext,
  method: CalendarMethod,
  startsAt: Date,
  tentative = false,
): SendMailOptions["icalEvent"] {
  const { request, reference, clinic, config, sequence } = context;
  const mode = CONSULTATION_MODES[request.mode].short;
  const video = request.mode === "video" ? videoLinkFor(config, reference) : undefined;
  // The patron's event names the doctor; the clinic's names the patron, as its tentative event did.
  const title =
    method === "REQUEST"
      ? `${mode} consultation with ${clinic.name} [${reference}]`
      : `${mode} consultation: ${request.fullName} [${reference}]`;
  const how =
    request.mode === "tele"
      ? `The doctor calls ${request.mobile}.`
      : video
        ? `Video consultation: ${video}`
        : "The clinic sends the video link before the consultation.";
  const content = appointmentEvent({
    method,
    reference,
    attendee: method === "PUBLISH" ? undefined : { name: request.fullName, email: request.email },
    startsAt,
    minutes: config.consultationMinutes,
    sequence,
    organizer: { name: clinic.name, mailFrom: config.mailFrom },
    title,
    description: `${how} Reference ${reference}. To change or cancel, call ${clinic.phoneDisplay}.`,
    location: video,
    tentative,
  });
  return calendarAttachment(method, reference, content);
}

function patronLink(context: AppointmentEmailContext, text: string): EmailBlock[] {
  return context.links.patron ? [{ link: text, href: context.links.patron }] : [];
}

export function composeAppointmentEmail(
  kind: Exclude<AppointmentEmailKind, WithdrawalEmailKind | "clinic-booked">,
  context: AppointmentEmailContext,
): SendMailOptions {
  const { reference, request, clinic, config, links, message } = context;
  const mode = CONSULTATION_MODES[request.mode];
  const startsAt = context.startsAt ?? requestedStart(request);
  const when = formatAppointmentTime(startsAt);
  const staffMessage: EmailBlock[] = message ? [{ text: `A message from the clinic:\n${message}` }] : [];
  const appointmentRows: EmailBlock = {
    rows: [
      ["Reference", reference],
      ["Consultation", mode.label],
      ["When", when],
      ["Length", `${config.consultationMinutes} minutes`],
    ],
  };
  const callToChange = `To change the time, choose another on your page (the link above) until two hours before, or call ${clinic.phoneDisplay}. You can cancel online until two hours before the consultation; after that, please call.`;
  // A time waiting for the clinic can be changed online, not cancelled: the patron calls, or withdraws below.
  const callToChangeHeld = `To change the time again, use your page (the link above) until two hours before. To cancel, call ${clinic.phoneDisplay} or reply to this email.`;

  switch (kind) {
    case "patron-confirmed":
      return {
        ...patronEmail(context, `Confirmed: your ${mode.short.toLowerCase()} consultation on ${when} [${reference}]`, [
          { text: `Your consultation with ${clinic.name} is confirmed.` },
          appointmentRows,
          ...howItHappens(context),
          { text: "The invitation attached adds it to your calendar." },
          ...patronLink(context, "Cancel or change the appointment"),
          { text: callToChange },
        ]),
        icalEvent: appointmentCalendar(context, "REQUEST", startsAt),
      };
    case "patron-reminder":
      return patronEmail(context, `Reminder: your ${mode.short.toLowerCase()} consultation tomorrow, ${when} [${reference}]`, [
        { text: `A reminder of your consultation with ${clinic.name} tomorrow.` },
        appointmentRows,
        ...howItHappens(context),
        ...patronLink(context, "Cancel or change the appointment"),
        { text: callToChange },
      ]);
    case "patron-proposal":
      return patronEmail(context, `A time for your consultation: ${when}, please accept or decline [${reference}]`, [
        {
          text: `${clinic.name}'s clinic cannot offer the time you asked for (${describeRequest(request, reference).date}, ${describeRequest(request, reference).time}) and proposes this one instead:`,
        },
        appointmentRows,
        ...patronLink(context, "Accept or decline this time"),
        { text: `Nothing is booked until you accept. If neither suits you, decline it and the clinic will call you, or call ${clinic.phoneDisplay}.` },
      ]);
    case "patron-declined":
      return patronEmail(context, `Your consultation request ${reference} could not be confirmed`, [
        { text: `${clinic.name}'s clinic cannot confirm a ${mode.short.toLowerCase()} consultation for your request ${reference}.` },
        ...staffMessage,
        { text: `To talk about it, call ${clinic.phoneDisplay} or reply to this email.` },
      ]);
    case "patron-cancelled":
      return {
        ...patronEmail(context, `Cancelled: your consultation on ${when} [${reference}]`, [
          {
            text:
              context.by === "patron"
                ? `As you asked, your consultation on ${when} is cancelled. The attached update takes it out of your calendar.`
                : `We are sorry: the clinic has had to cancel your consultation on ${when}. The attached update takes it out of your calendar.`,
          },
          ...staffMessage,
          { text: `To book another consultation, visit ${config.siteUrl}/book or call ${clinic.phoneDisplay}.` },
        ]),
        icalEvent: appointmentCalendar(context, "CANCEL", startsAt),
      };
    case "clinic-confirmed":
      return {
        ...clinicEmail(context, `Confirmed: ${mode.short} consultation ${when} – ${request.fullName} [${reference}]`, [
          {
            text:
              context.by === "patron"
                ? `The patron accepted the time the clinic proposed: the consultation is confirmed for ${when}.`
                : `The consultation is confirmed for ${when}. The patron has been sent an invitation; the attached update moves the request's event in your calendar to that time.`,
          },
          { link: "Move or cancel the appointment", href: links.staff },
        ]),
        icalEvent: appointmentCalendar(context, "PUBLISH", startsAt),
      };
    case "patron-moved": {
      const before = context.movedFrom ? formatAppointmentTime(new Date(context.movedFrom.startsAt)) : undefined;
      const waits = context.state !== "confirmed";
      // Only a patron who had an invitation has an event to move; while the clinic confirms, it stays tentative.
      const hadInvitation = context.movedFrom?.state === "confirmed";
      return {
        ...patronEmail(context, `${waits ? "Moved, to be confirmed" : "Moved"}: your consultation is now ${when} [${reference}]`, [
          { text: `As you asked, your consultation${before ? ` on ${before}` : ""} is moved to ${when}.` },
          appointmentRows,
          {
            text: waits
              ? "The new time is held for you; the clinic will confirm it by email."
              : "It is confirmed: the attached update moves it in your calendar.",
          },
          ...(waits ? [] : howItHappens(context)),
          ...patronLink(context, waits ? "Choose another time" : "Cancel or change the appointment"),
          { text: waits ? callToChangeHeld : callToChange },
        ]),
        ...(hadInvitation || !waits ? { icalEvent: appointmentCalendar(context, "REQUEST", startsAt, waits) } : {}),
      };
    }
    case "clinic-moved": {
      const before = context.movedFrom ? formatAppointmentTime(new Date(context.movedFrom.startsAt)) : "its earlier time";
      const waits = context.state !== "confirmed";
      return {
        ...clinicEmail(context, `Moved by the patron${waits ? ", to confirm" : ""}: ${mode.short} consultation ${when} – ${request.fullName} [${reference}]`, [
          {
            text: waits
              ? `The patron moved their consultation from ${before} to ${when}, which is held for them. Confirm it, or propose another time.`
              : `The patron moved their consultation from ${before} to ${when}; it is booked and the patron has an updated invitation.`,
          },
          { link: waits ? "Confirm or propose another time" : "Move or cancel the appointment", href: links.staff },
        ]),
        icalEvent: appointmentCalendar(context, "PUBLISH", startsAt, waits),
      };
    }
    case "clinic-proposal-declined":
      return clinicEmail(context, `Proposed time declined: ${request.fullName} [${reference}]`, [
        { text: `The patron declined the time the clinic proposed, ${when}. The request stands: call them, or confirm or propose another time.` },
        { link: "Confirm or propose another time", href: links.staff },
      ]);
    case "clinic-declined":
      return {
        ...clinicEmail(context, `Declined: ${request.fullName} [${reference}]`, [
          { text: "The request was declined and the patron has been told. The attached update takes the request's event out of your calendar." },
          ...staffMessage,
        ]),
        icalEvent: appointmentCalendar(context, "CANCEL", startsAt),
      };
    case "clinic-cancelled":
      return {
        ...clinicEmail(
          context,
          `Cancelled${context.by === "patron" ? " by the patron" : ""}: ${mode.short} consultation ${when} – ${request.fullName} [${reference}]`,
          [
            {
              text:
                context.by === "patron"
                  ? `The patron cancelled their consultation on ${when}. The attached update takes it out of your calendar.`
                  : `The consultation on ${when} was cancelled and the patron has been told. The attached update takes it out of your calendar.`,
            },
            ...staffMessage,
          ],
        ),
        icalEvent: appointmentCalendar(context, "CANCEL", startsAt),
      };
  }
}
