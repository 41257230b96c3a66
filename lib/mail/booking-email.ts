// The email that tells the clinic about a consultation request: everything staff need to act at once,
// with Reply-To set to the patron so that "Reply" writes straight to them.
import type { SendMailOptions } from "nodemailer";
import { describeRequest, requestedStart } from "../booking/describe";
import { CONSULTATION_MODES } from "../booking/rules";
import type { ConsultationRequest } from "../booking/schema";
import type { ClinicSettings } from "../clinic";
import type { Config } from "../config";
import type { Consent } from "../store/clinic-store";
import { escapeHtml } from "../html";
import { DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGE_NAMES_IN_ENGLISH, pathIn, type Language } from "../i18n/languages";
import { formatIndiaTimestamp, formatShortAppointmentTime } from "../india-time";
import { calendarAttachment, requestedEvent } from "./calendar";
import { BUTTON_STYLE, rowsTable } from "./layout";

export interface BookingEmailContext {
  reference: string;
  receivedAt: Date;
  clinic: Pick<ClinicSettings, "name">;
  config: Pick<Config, "clinicInbox" | "mailFrom" | "siteUrl" | "consultationMinutes">;
  /** The staff page where the request is confirmed, moved to another time or declined. */
  staffLink: string;
  /** The privacy notice the patron agreed to, and when; null for a request stored before consent was recorded. */
  consent: Consent | null;
  /** The language the patron booked in (the clinic's email stays English and says which); English unless said. */
  language?: Language;
  /** Booked at once (BOOKING_CONFIRMATION=instant): its time, and the confirmed event for the clinic's calendar. */
  booked?: { startsAt: Date; icalEvent: SendMailOptions["icalEvent"] };
}

/** What the patron agreed to, for staff: the notice's version, in which language's text and where, and when. */
export function describeConsent(consent: Consent | null, siteUrl: string): string {
  if (!consent) return "The patron agreed to be contacted about this request.";
  const notice = `${LANGUAGE_NAMES_IN_ENGLISH[consent.noticeLanguage]} notice, ${siteUrl}${pathIn(consent.noticeLanguage, "/privacy")}`;
  return `The patron agreed to the privacy notice, version ${consent.version} (${notice}), on ${formatIndiaTimestamp(consent.givenAt)}.`;
}

/** "Kannada (ಕನ್ನಡ): the patron's emails and pages are in Kannada", for staff who call them. */
export function patronLanguage(language: Language): string {
  if (language === DEFAULT_LANGUAGE) return "English";
  const name = LANGUAGE_NAMES_IN_ENGLISH[language];
  return `${name} (${LANGUAGE_NAMES[language]}): the patron booked in ${name}, and their emails and pages are in ${name}`;
}

export function composeBookingEmail(request: ConsultationRequest, context: BookingEmailContext): SendMailOptions {
  const { reference, receivedAt, clinic, config, staffLink, consent, booked, language = DEFAULT_LANGUAGE } = context;
  const described = describeRequest(request, reference);
  const received = formatIndiaTimestamp(receivedAt);
  const modeShort = CONSULTATION_MODES[request.mode].short;
  // A time the patron picked leads, as the site holds it for them; a window is a time still to agree.
  const when = described.held ? formatShortAppointmentTime(requestedStart(request)) : `${described.date}, ${described.time}`;
  const heading = booked
    ? `Booked online: a ${modeShort.toLowerCase()} consultation on ${when} (India time). The patron has their confirmation and invitation; move or cancel it from the request's page.`
    : described.held
      ? `${when} (India time) is held for this ${modeShort.toLowerCase()} consultation request until you confirm it.`
      : `New ${modeShort.toLowerCase()} consultation request from the website.`;
  const button = booked ? "Move or cancel" : "Confirm or reschedule";

  const rows: [string, string][] = [
    ["Reference", reference],
    ["Patron", request.fullName],
    ["Mobile", request.mobile],
    ["Email", request.email],
    ["Consultation", described.mode],
    ["Preferred date", described.date],
    [described.held ? "Time picked" : "Preferred time", `${described.time} (India time)${described.held ? ", held" : ""}`],
    ["Received", received],
    ["Consent", describeConsent(consent, config.siteUrl)],
    ["Language", patronLanguage(language)],
  ];

  const text = [
    heading,
    "",
    ...rows.map(([label, value]) => `${label}: ${value}`),
    "",
    "Reason for consultation:",
    request.reason,
    "",
    booked ? `Move or cancel: ${staffLink}` : `Confirm or reschedule (or decline): ${staffLink}`,
    "",
    `Call the patron: ${request.mobile}. Reply to this email to write to the patron.`,
    `Sent by ${config.siteUrl}/book`,
  ].join("\n");

  const html = `<!doctype html>
<html><body style="font-family:system-ui,sans-serif;color:#1a1a1a;line-height:1.5">
<p><strong>${escapeHtml(heading)}</strong></p>
${rowsTable(rows)}
<h2 style="font-size:1.1em">Reason for consultation</h2>
<p style="white-space:pre-wrap">${escapeHtml(request.reason)}</p>
<p><a href="${escapeHtml(staffLink)}" style="${BUTTON_STYLE}">${button}</a>${booked ? "" : " (or decline)"} on the request's page.</p>
<p><a href="tel:${escapeHtml(request.mobile)}">Call ${escapeHtml(request.mobile)}</a> or reply to this email to write to the patron.</p>
<p style="color:#555;font-size:0.9em">Sent by ${escapeHtml(clinic.name)}'s website, ${escapeHtml(config.siteUrl)}/book</p>
</body></html>`;

  return {
    to: config.clinicInbox,
    from: config.mailFrom,
    replyTo: { name: request.fullName, address: request.email },
    subject: booked
      ? `Booked: ${modeShort} consultation ${when} – ${request.fullName} [${reference}]`
      : `${modeShort} consultation request: ${when} – ${request.fullName} [${reference}]`,
    text,
    html,
    icalEvent:
      booked?.icalEvent ??
      calendarAttachment(
        "PUBLISH",
        reference,
        requestedEvent(request, reference, { minutes: config.consultationMinutes, organizer: { name: clinic.name, mailFrom: config.mailFrom } }),
      ),
  };
}
