// The clinic's email when an email to a patron was given up on (the patron's mail server refused the address, or three
// days of tries failed): which email, why in words, and the patron's number to call, since the patron may be waiting
// for a confirmation that will never reach them.
import type { SendMailOptions } from "nodemailer";
import { describeAppointment } from "../appointments/describe";
import type { ConsultationRequest } from "../booking/schema";
import type { Config } from "../config";
import { DEFAULT_LANGUAGE, type Language } from "../i18n/languages";
import type { Appointment } from "../store/clinic-store";
import { patronLanguage } from "./booking-email";
import { emailBodies } from "./layout";

export interface UndeliverableEmailContext {
  reference: string;
  request: ConsultationRequest;
  appointment: Appointment;
  /** The given-up email's kind in staff's words, such as "confirmation to the patron". */
  emailName: string;
  /** Why, in words (lib/mail/delivery-failure.ts refusalInWords), with the server's reply. */
  reason: string;
  staffLink: string;
  config: Pick<Config, "clinicInbox" | "mailFrom">;
  /** The language the patron booked in, the one to call them in; English unless said. */
  language?: Language;
}

export function composeUndeliverableEmail(context: UndeliverableEmailContext): SendMailOptions {
  const { reference, request, appointment, emailName, reason, staffLink, config, language = DEFAULT_LANGUAGE } = context;
  return {
    to: config.clinicInbox,
    from: config.mailFrom,
    subject: `We could not email the patron: please call ${request.fullName} [${reference}]`,
    ...emailBodies([
      { strong: `We could not email the patron: please call them on ${request.mobile}.` },
      {
        rows: [
          ["Reference", reference],
          ["Patron", request.fullName],
          ["Mobile", request.mobile],
          ["Email address given", request.email],
          ["Email not delivered", emailName],
          ["Why", reason],
          ["Where it stands", describeAppointment(appointment)],
          ["Language", patronLanguage(language)],
        ],
      },
      { link: `Call ${request.fullName}`, href: `tel:${request.mobile}` },
      {
        text:
          "The patron has not received this email and may be waiting for it: please tell them by phone what it said, " +
          "and check their email address with them.",
      },
      { link: "Open the request's page", href: staffLink },
    ]),
  };
}
