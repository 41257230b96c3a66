// The clinic's agenda, sent at 08:30 India time on each consultation day: that day's confirmed consultations in time
// order, each with its tap-to-call number, its meeting link and its staff page; then the emails to patrons given up on
// since the last agenda, each with the patron's number to call.
import type { SendMailOptions } from "nodemailer";
import { CONSULTATION_MODES } from "../booking/rules";
import type { ConsultationRequest } from "../booking/schema";
import type { Config } from "../config";
import { formatAppointmentDate, formatClockTime, indiaTimeOfDay } from "../india-time";
import { videoLinkFor } from "./appointment-emails";
import { emailBodies } from "./layout";

export interface AgendaEntry {
  reference: string;
  request: ConsultationRequest;
  startsAt: Date;
  staffLink: string;
}

/** An email to a patron given up on, for staff to call them. */
export interface GivenUpEntry {
  reference: string;
  /** The email in staff's words, such as "confirmation to the patron". */
  emailName: string;
  reason: string;
  /** Null once the request's details are erased. */
  mobile: string | null;
}

export function composeAgendaEmail(
  date: string,
  entries: AgendaEntry[],
  givenUp: GivenUpEntry[],
  config: Pick<Config, "clinicInbox" | "mailFrom" | "videoLink" | "consultationMinutes">,
): SendMailOptions {
  const day = formatAppointmentDate(date);
  const count = entries.length === 1 ? "1 consultation" : `${entries.length} consultations`;
  const items = entries.map(({ reference, request, startsAt, staffLink }) => {
    const video = request.mode === "video" ? videoLinkFor(config, reference) : undefined;
    return {
      text: `${formatClockTime(indiaTimeOfDay(startsAt))} · ${CONSULTATION_MODES[request.mode].short} · ${request.fullName} · ${request.mobile} · ${reference}`,
      links: [
        { text: `Call ${request.fullName}`, href: `tel:${request.mobile}` },
        ...(video ? [{ text: "Join the video consultation", href: video }] : []),
        { text: "Move or cancel", href: staffLink },
      ],
    };
  });
  return {
    to: config.clinicInbox,
    from: config.mailFrom,
    subject: `Today's consultations, ${day}: ${count}${givenUp.length === 0 ? "" : `; ${givenUp.length === 1 ? "1 patron" : `${givenUp.length} patrons`} to call, as their email failed`}`,
    ...emailBodies([
      ...(entries.length === 0
        ? [{ text: `No tele or video consultations are confirmed for today, ${day}.` }]
        : [
            { text: `Confirmed tele and video consultations for today, ${day} (India time, ${config.consultationMinutes} minutes each):` },
            { items },
          ]),
      ...(givenUp.length === 0
        ? []
        : [
            { strong: "We could not email these patrons since the last agenda: please call them." },
            {
              items: givenUp.map(({ reference, emailName, reason, mobile }) => ({
                text: `${reference} · ${emailName} · ${reason}${mobile ? "" : " · (the patron's details are erased)"}`,
                links: mobile ? [{ text: `Call ${mobile}`, href: `tel:${mobile}` }] : [],
              })),
            },
          ]),
    ]),
  };
}
