// The emails an appointment's changes cause (lib/appointments/states.ts): to the patron, a confirmation with its
// invitation, a proposed time to answer, a decline, a cancellation and the evening-before reminder; to the clinic, the
// same changes with the patron's details and the calendar updates that keep staff calendars right. Each tells of the
// change that caused it (its time, SEQUENCE and message), even if another change has followed. The patron's are in
// the language they booked in (messages' mail.*), the clinic's in English, naming that language.
import type { SendMailOptions } from "nodemailer";
import type { Actor, AppointmentEmailKind, AppointmentState, WithdrawalEmailKind } from "../appointments/states";
import { describeRequest, requestedStart } from "../booking/describe";
import { CONSULTATION_MODES } from "../booking/rules";
import type { ConsultationRequest } from "../booking/schema";
import type { ClinicSettings } from "../clinic";
import type { Config } from "../config";
import { appointmentTimeIn } from "../i18n/dates";
import { DEFAULT_LANGUAGE, pathIn, type Language } from "../i18n/languages";
import { MESSAGES, translator, type Translator } from "../i18n/messages";
import { formatAppointmentTime } from "../india-time";
import { formatIndianMobile } from "../phone";
import { patronLanguage } from "./booking-email";
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
  /** The language the patron booked in: their emails and invitation speak it; English unless said. */
  language?: Language;
}


/** The clinic's meeting room for this consultation, when VIDEO_LINK is set. */
export function videoLinkFor(config: Pick<Config, "videoLink">, reference: string): string | undefined {
  return config.videoLink?.replaceAll("{reference}", reference).replaceAll("%7Breference%7D", reference);
}

/** How the consultation will happen, in the patron's words. */
function howItHappens(context: AppointmentEmailContext, t: Translator): EmailBlock[] {
  const { request, config, reference } = context;
  if (request.mode === "tele") return [{ text: t("mail.appointment.teleCall", { mobile: formatIndianMobile(request.mobile) }) }];
  const video = videoLinkFor(config, reference);
  return video
    ? [{ text: t("mail.appointment.videoRoom") }, { link: t("mail.appointment.joinVideo"), href: video }]
    : [{ text: t("mail.appointment.videoLater") }];
}

/** The clinic's name and how to reach it, at the end of an email. */
export function signature({ clinic }: Pick<AppointmentEmailContext, "clinic">): EmailBlock {
  return { text: `${clinic.name}\n${clinic.phoneDisplay} · ${clinic.email}` };
}

function patronEmail(context: AppointmentEmailContext, subject: string, blocks: EmailBlock[]): SendMailOptions {
  const { request, config, language = DEFAULT_LANGUAGE } = context;
  const t = translator(language);
  return {
    to: { name: request.fullName, address: request.email },
    from: config.mailFrom,
    replyTo: config.clinicInbox,
    subject,
    ...emailBodies(
      [
        { text: t("mail.receipt.dear", { name: request.fullName }) },
        ...blocks,
        { strong: t("mail.receipt.emergency") },
        signature(context),
        privacyBlock(config.siteUrl, context.links.withdraw, language),
      ],
      language,
    ),
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
          ["Language", patronLanguage(context.language ?? DEFAULT_LANGUAGE)],
        ],
      },
      { text: `Call the patron: ${request.mobile}. Reply to this email to write to the patron.` },
    ]),
  };
}

/**
 * The appointment's event for the patron (REQUEST, CANCEL) or the clinic's calendar (PUBLISH, CANCEL), at `startsAt`;
 * in `language` for the patron's, English for the clinic's.
 */
export function appointmentCalendar(
  context: AppointmentEmailContext,
  method: CalendarMethod,
  startsAt: Date,
  { tentative = false, language = DEFAULT_LANGUAGE }: { tentative?: boolean; language?: Language } = {},
): SendMailOptions["icalEvent"] {
  const { request, reference, clinic, config, sequence } = context;
  const t = translator(language);
  const mode = t(`mail.calendar.mode.${request.mode}`);
  const video = request.mode === "video" ? videoLinkFor(config, reference) : undefined;
  // The patron's event names the doctor; the clinic's names the patron, as its tentative event did.
  const title =
    method === "REQUEST"
      ? t("mail.calendar.withClinic", { mode, clinic: clinic.name, reference })
      : t("mail.calendar.forPatron", { mode, name: request.fullName, reference });
  const how =
    request.mode === "tele"
      ? t("mail.calendar.teleCall", { mobile: formatIndianMobile(request.mobile) })
      : video
        ? t("mail.calendar.video", { link: video })
        : t("mail.calendar.videoLater");
  const content = appointmentEvent({
    method,
    reference,
    attendee: method === "PUBLISH" ? undefined : { name: request.fullName, email: request.email },
    startsAt,
    minutes: config.consultationMinutes,
    sequence,
    organizer: { name: clinic.name, mailFrom: config.mailFrom },
    title,
    description: t("mail.calendar.description", { how, reference, phone: clinic.phoneDisplay }),
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
  const { reference, request, clinic, config, links, message, language = DEFAULT_LANGUAGE } = context;
  const t = translator(language);
  const english = translator(DEFAULT_LANGUAGE);
  const mode = CONSULTATION_MODES[request.mode];
  const startsAt = context.startsAt ?? requestedStart(request);
  // The clinic's emails say the time in English; the patron's in their language.
  const when = formatAppointmentTime(startsAt);
  const patronWhen = appointmentTimeIn(language, startsAt);
  const inSentence = t(`mail.appointment.modeInSentence.${request.mode}`);
  const phone = clinic.phoneDisplay;
  const staffMessage = (words: Translator): EmailBlock[] => (message ? [{ text: words("mail.appointment.staffMessage", { message }) }] : []);
  const appointmentRows: EmailBlock = {
    rows: [
      [t("mail.receipt.reference"), reference],
      [t("mail.receipt.consultation"), MESSAGES[language].booking.modes[request.mode]],
      [t("mail.appointment.when"), patronWhen],
      [t("mail.appointment.length"), t("mail.appointment.minutes", { minutes: String(config.consultationMinutes) })],
    ],
  };
  const callToChange = t("mail.appointment.callToChange", { phone });
  // A time waiting for the clinic can be changed online, not cancelled: the patron calls, or withdraws below.
  const callToChangeHeld = t("mail.appointment.callToChangeHeld", { phone });
  const patronCalendar = (method: CalendarMethod, tentative = false) => appointmentCalendar(context, method, startsAt, { tentative, language });

  switch (kind) {
    case "patron-confirmed":
      return {
        ...patronEmail(context, t("mail.confirmed.subject", { mode: inSentence, when: patronWhen, reference }), [
          { text: t("mail.confirmed.confirmed", { clinic: clinic.name }) },
          appointmentRows,
          ...howItHappens(context, t),
          { text: t("mail.confirmed.invitation") },
          ...patronLink(context, t("mail.appointment.cancelOrChange")),
          { text: callToChange },
        ]),
        icalEvent: patronCalendar("REQUEST"),
      };
    case "patron-reminder":
      return patronEmail(context, t("mail.reminder.subject", { mode: inSentence, when: patronWhen, reference }), [
        { text: t("mail.reminder.lead", { clinic: clinic.name }) },
        appointmentRows,
        ...howItHappens(context, t),
        ...patronLink(context, t("mail.appointment.cancelOrChange")),
        { text: callToChange },
      ]);
    case "patron-proposal": {
      const asked = describeRequest(request, reference, false, language);
      return patronEmail(context, t("mail.proposal.subject", { when: patronWhen, reference }), [
        { text: t("mail.proposal.lead", { clinic: clinic.name, date: asked.date, time: asked.time }) },
        appointmentRows,
        ...patronLink(context, t("mail.proposal.answer")),
        { text: t("mail.proposal.next", { phone }) },
      ]);
    }
    case "patron-declined":
      return patronEmail(context, t("mail.declined.subject", { reference }), [
        { text: t("mail.declined.lead", { clinic: clinic.name, mode: inSentence, reference }) },
        ...staffMessage(t),
        { text: t("mail.declined.talk", { phone }) },
      ]);
    case "patron-cancelled":
      return {
        ...patronEmail(context, t("mail.cancelled.subject", { when: patronWhen, reference }), [
          { text: t(context.by === "patron" ? "mail.cancelled.byPatron" : "mail.cancelled.byClinic", { when: patronWhen }) },
          ...staffMessage(t),
          { text: t("mail.cancelled.bookAgain", { url: `${config.siteUrl}${pathIn(language, "/book")}`, phone }) },
        ]),
        icalEvent: patronCalendar("CANCEL"),
      };
    case "patron-moved": {
      const before = context.movedFrom ? appointmentTimeIn(language, new Date(context.movedFrom.startsAt)) : undefined;
      const waits = context.state !== "confirmed";
      // Only a patron who had an invitation has an event to move; while the clinic confirms, it stays tentative.
      const hadInvitation = context.movedFrom?.state === "confirmed";
      return {
        ...patronEmail(context, t(waits ? "mail.moved.subjectHeld" : "mail.moved.subject", { when: patronWhen, reference }), [
          { text: before ? t("mail.moved.movedFrom", { before, when: patronWhen }) : t("mail.moved.moved", { when: patronWhen }) },
          appointmentRows,
          { text: t(waits ? "mail.moved.held" : "mail.moved.confirmed") },
          ...(waits ? [] : howItHappens(context, t)),
          ...patronLink(context, t(waits ? "mail.receipt.chooseAnother" : "mail.appointment.cancelOrChange")),
          { text: waits ? callToChangeHeld : callToChange },
        ]),
        ...(hadInvitation || !waits ? { icalEvent: patronCalendar("REQUEST", waits) } : {}),
      };
    }
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
        icalEvent: appointmentCalendar(context, "PUBLISH", startsAt, { tentative: waits }),
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
          ...staffMessage(english),
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
            ...staffMessage(english),
          ],
        ),
        icalEvent: appointmentCalendar(context, "CANCEL", startsAt),
      };
  }
}
