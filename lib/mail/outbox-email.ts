// Turns an outbox row into the email it stands for: one composer per kind, given the request it is about, so that
// what is sent is composed from the store at the moment of sending.
import type { SendMailOptions } from "nodemailer";
import type { ConsultationRequest } from "../booking/schema";
import { getClinic } from "../clinic";
import { getConfig } from "../config";
import type { NewEmail, OutboxEmail, StoredRequest } from "../store/clinic-store";
import { composeBookingEmail } from "./booking-email";
import { composeConfirmationEmail } from "./confirmation-email";

export type EmailKind = "clinic-request" | "patron-receipt";

/** The two emails a new consultation request causes. */
export const REQUEST_EMAILS: (NewEmail & { kind: EmailKind })[] = [
  { kind: "clinic-request", recipient: "clinic" },
  { kind: "patron-receipt", recipient: "patron" },
];

/** Human words for each kind, for staff reading `npm run outbox`. */
export const EMAIL_KIND_NAMES: Record<EmailKind, string> = {
  "clinic-request": "request to the clinic",
  "patron-receipt": "receipt to the patron",
};

export function composeOutboxEmail(email: OutboxEmail, stored: StoredRequest & { request: ConsultationRequest }): SendMailOptions {
  const clinic = getClinic();
  const config = getConfig();
  const { reference, request, receivedAt } = stored;
  switch (email.kind as EmailKind) {
    case "clinic-request":
      return composeBookingEmail(request, { reference, receivedAt, clinic, config });
    case "patron-receipt":
      return composeConfirmationEmail(request, { reference, clinic, config });
    default:
      throw new Error(`no composer for emails of kind "${email.kind}"`);
  }
}
