// What a failed send means, as Postfix would read it: a 5xx reply refusing the patron's address is permanent (no retry
// will make gmial.com exist), a 4xx, a timeout or a lost connection may pass, and a refusal of the clinic's own
// settings (its login, its sender, its inbox) is for whoever runs the site to fix: retried, and said loudly.
import type { MailFailure, MailServerOutcome } from "../store/tables";

/** The words for staff of why an email was given up, from its failure and its recorded error. */
export function givenUpInWords(failure: MailFailure | null, error: string): string {
  if (failure === "permanent") return refusalInWords(error);
  if (failure === "temporary") return `it could not be delivered: ${error}`;
  return error;
}

/** A failed send as the delivery loop acts on it. */
export interface DeliveryFailure {
  failure: MailFailure;
  /** Whether the mail server answered at all. */
  outcome: MailServerOutcome;
  /** The error as the mail server or the network gave it (with the server's reply), any address in it taken out. */
  reason: string;
}

/** What nodemailer's errors carry (its smtp-connection `_formatError`). */
interface SmtpError {
  message?: string;
  code?: string;
  responseCode?: number;
  command?: string;
}

const CONFIGURATION_CODES = new Set(["EAUTH", "ENOAUTH", "EOAUTH2"]);
// Replies about one recipient: refused at RCPT TO, or the message refused for it after DATA.
const RECIPIENT_COMMANDS = new Set(["RCPT TO", "DATA"]);

/** Classifies the error of sending one email to `recipient` ("patron" or "clinic"). */
export function classifyDeliveryFailure(error: unknown, recipient: string): DeliveryFailure {
  const { message, code, responseCode, command } = (error ?? {}) as SmtpError;
  const said = { reason: withoutAddresses(message ?? String(error)) };
  const answered = typeof responseCode === "number";
  const refused = answered && responseCode >= 500;
  if (code && CONFIGURATION_CODES.has(code)) return { failure: "configuration", outcome: "configuration", ...said };
  if (refused && command === "MAIL FROM") return { failure: "configuration", outcome: "configuration", ...said };
  if (refused && command && RECIPIENT_COMMANDS.has(command)) {
    // The clinic's own inbox refused: CLINIC_INBOX is wrong, and what waits for it must not be thrown away.
    return recipient === "patron"
      ? { failure: "permanent", outcome: "reached", ...said }
      : { failure: "configuration", outcome: "configuration", ...said };
  }
  return { failure: "temporary", outcome: answered ? "reached" : "unreachable", ...said };
}

// Servers echo the refused address ("<asha@gmial.com>: Recipient address rejected"): it stays out of logs and the
// outbox's error, which are not encrypted.
const ADDRESS = /<?[^\s<>@:;,]+@[^\s<>@:;,]+>?/g;

function withoutAddresses(text: string): string {
  return text.replace(ADDRESS, "<address>");
}

/** The enhanced status code (RFC 3463) of a reply such as "550 5.1.1 <x@y>: no such user", if it has one. */
function enhancedCode(reply: string): string | undefined {
  return /\b([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(reply)?.[0];
}

/** A mail server's permanent refusal in words staff can act on, with the server's own reply after it. */
function refusalInWords(reply: string): string {
  const status = enhancedCode(reply) ?? "";
  const words =
    status === "5.1.1" || /no such (user|mailbox)|user unknown|does not exist|mailbox unavailable/i.test(reply)
      ? "the patron's mail server says there is no such mailbox (often a mistyped name before the @)"
      : ["5.1.2", "5.1.10", "5.4.4"].includes(status) || /domain|host not found|no mx/i.test(reply)
        ? "the address's domain takes no email (often a mistyped domain, such as gmial.com)"
        : status === "5.2.2" || /mailbox (is )?full|over quota/i.test(reply)
          ? "the patron's mailbox is full"
          : status.startsWith("5.7")
            ? "the patron's mail server refused it by its own rules (a spam filter or a blocked sender)"
            : "the patron's mail server refused the address";
  return `${words}. The server said: ${reply}`;
}
