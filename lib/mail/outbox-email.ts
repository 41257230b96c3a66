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

/**
 * One Message-ID per outbox row, whatever the try: should an email go out twice (a server killed between handing it
 * to the mail server and marking it sent), mail programs that see the same Message-ID show it once.
 */
export function outboxMessageId(emailId: string, mailFrom: string): string {
  const domain = /@([^<>\s@]+)>?\s*$/.exec(mailFrom)?.[1] ?? "localhost";
  return `<${emailId.replace(/[^A-Za-z0-9.-]/g, ".")}@${domain}>`;
}

export function composeOutboxEmail(email: OutboxEmail, stored: StoredRequest & { request: ConsultationRequest }): SendMailOptions {
  const clinic = getClinic();
  const config = getConfig();
  const { reference, request, receivedAt } = stored;
  const messageId = outboxMessageId(email.id, config.mailFrom);
  switch (email.kind as EmailKind) {
    case "clinic-request":
      return { ...composeBookingEmail(request, { reference, receivedAt, clinic, config }), messageId };
    case "patron-receipt":
      return { ...composeConfirmationEmail(request, { reference, clinic, config }), messageId };
    default:
      throw new Error(`no composer for emails of kind "${email.kind}"`);
  }
}
