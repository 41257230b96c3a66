// A real SMTP server on 127.0.0.1 for tests: it accepts every message and keeps it, parsed, for assertions.
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { until } from "./until";

/** The clinic's email about a request, not the patron's receipt (both carry the reference; either may come first). */
export const clinicEmailAbout = (reference: string) => (mail: ParsedMail) =>
  (mail.subject?.includes(reference) ?? false) && !mail.subject!.startsWith("Your consultation request");

/** Each reference's emails by kind (messages without a reference under "(none)"); complete is one of each. */
export function emailsByReference(messages: ParsedMail[]): Map<string, { clinic: number; patron: number }> {
  const counts = new Map<string, { clinic: number; patron: number }>();
  for (const mail of messages) {
    const reference = mail.subject?.match(/DS-[A-Z0-9]{4}-[A-Z0-9]{4}/)?.[0] ?? "(none)";
    const count = counts.get(reference) ?? { clinic: 0, patron: 0 };
    count[mail.subject?.startsWith("Your consultation request") ? "patron" : "clinic"] += 1;
    counts.set(reference, count);
  }
  return counts;
}

export interface TestSmtpServer {
  url: string;
  /** What arrived, but for the clinic's agendas when they are kept apart. */
  messages: ParsedMail[];
  /** The clinic's day's agendas, when kept apart from `messages`. */
  agendas: ParsedMail[];
  /** When each message arrived (performance.now()), in the same order as `messages`. */
  arrivedAt: number[];
  /** Resolves with the first message that matches, waiting for it to arrive. */
  waitForMessage(match: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export interface SmtpServerOptions {
  /** Listen on this port (to start the server where a site already expects it); a free one when unset. */
  port?: number;
  /** Refuse every n-th connection, as a flaky mail server does. */
  refuseEvery?: number;
  /**
   * Its answer to RCPT TO for an address, such as "550 5.1.1 No such user" (refused for good) or "450 4.2.0 Try
   * later" (for now); accepted when it returns nothing. Called once per try.
   */
  answerRecipient?: (address: string) => string | undefined;
  /** Ask for a login and refuse every one with 535, as a mail server does when the site's password is wrong. */
  refuseLogins?: boolean;
  /**
   * Keep the clinic's agendas out of `messages` (the default): a site started on a new database on an open day,
   * between 08:30 and closing, sends that day's agenda at once, which a test counting a request's emails must not
   * count. False for the tests of the agenda itself.
   */
  agendasApart?: boolean;
}

/** The day's agenda, by the Message-ID its outbox row gives it (lib/mail/outbox-email.ts). */
const isAgenda = (mail: ParsedMail) => /^<agenda\./.test(mail.messageId ?? "");

/** An error smtp-server answers with the reply's code and text. */
function smtpReply(reply: string): Error {
  const [, code, text] = /^(\d{3})\s+(.*)$/.exec(reply)!;
  return Object.assign(new Error(text), { responseCode: Number(code) });
}

export async function startSmtpServer({
  port: wantedPort = 0,
  refuseEvery,
  answerRecipient,
  refuseLogins = false,
  agendasApart = true,
}: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  const agendas: ParsedMail[] = [];
  const arrivedAt: number[] = [];
  let connections = 0;
  const server = new SMTPServer({
    authOptional: !refuseLogins,
    disabledCommands: refuseLogins ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    allowInsecureAuth: refuseLogins,
    onAuth(_auth, _session, callback) {
      callback(smtpReply("535 5.7.8 Authentication credentials invalid"));
    },
    onRcptTo(address, _session, callback) {
      const reply = answerRecipient?.(address.address);
      callback(reply ? smtpReply(reply) : undefined);
    },
    logger: false,
    // The site keeps pooled connections open; closing waits this long for them, then ends them.
    closeTimeout: 500,
    onConnect(_session, callback) {
      connections += 1;
      if (refuseEvery && connections % refuseEvery === 0) return callback(new Error("Try again later (test refusal)"));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (agendasApart && isAgenda(mail)) {
            agendas.push(mail);
          } else {
            arrivedAt.push(performance.now());
            messages.push(mail);
          }
          callback();
        })
        .catch(callback);
    },
  });
  // A site killed mid-conversation resets its connection; that is the test's doing, not a failure of the server.
  server.on("error", (error) => console.warn(`[smtp] ${error.message}`));
  await new Promise<void>((resolve) => server.listen(wantedPort, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    agendas,
    arrivedAt,
    async waitForMessage(match, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching email arrived within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Text from HTML as the site and its emails escape it (lib/html.ts). */
export function decodeHtml(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The address of the link (button) `label` in an email's HTML, which its plain text must carry as well. */
export function linkIn(mail: ParsedMail, label: string): string {
  const anchors = [...String(mail.html).matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)];
  const found = anchors.find(([, , text]) => decodeHtml(text) === label);
  if (!found) throw new Error(`no link "${label}" in "${mail.subject}"`);
  const href = decodeHtml(found[1]);
  if (!String(mail.text).includes(href)) throw new Error(`the plain text of "${mail.subject}" lacks the link "${label}"`);
  return href;
}

/** The emails a test's SMTP server received, by whom they reached and which request they are about. */
export function mailbox(server: () => TestSmtpServer) {
  const sentTo = (mail: ParsedMail, address: string) =>
    [mail.to ?? []].flat().some((to) => to.value.some((one) => one.address === address));
  /** The emails about `reference` that reached `address` so far, whose subject starts with `subject`. */
  const emailsTo = (address: string, reference: string, subject = ""): ParsedMail[] =>
    server().messages.filter((mail) => sentTo(mail, address) && (mail.subject ?? "").includes(reference) && mail.subject!.startsWith(subject));
  /** Waits for the email about `reference` to `address` whose subject starts with `subject`. */
  async function emailTo(address: string, reference: string, subject: string): Promise<ParsedMail> {
    await until(() => emailsTo(address, reference, subject).length > 0, 15_000, `"${subject}…" [${reference}] to ${address}`);
    return emailsTo(address, reference, subject)[0];
  }
  return { emailsTo, emailTo };
}
