// Where emails go: the SMTP server named by SMTP_URL, or, with none configured, .eml files in MAIL_DIR
// so that the site works out of the box and staff can open what would have been sent.
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer, { type SendMailOptions } from "nodemailer";
import { getConfig } from "../config";
import { processSingleton } from "../process-singleton";

export interface MailTransport {
  /** Resolves once the SMTP server accepted the message (or it was written to disk); rejects otherwise. */
  send(message: SendMailOptions): Promise<{ messageId: string }>;
  describe(): string;
}

// A patron waits on the answer: give up on a dead or silent mail server within seconds, not minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

function smtpTransport(url: string): MailTransport {
  // Pooled: a burst of bookings reuses a few open connections instead of a new connection (and TLS handshake) for
  // every email.
  const transporter = nodemailer.createTransport({ url, pool: true, maxConnections: 5, ...SMTP_TIMEOUTS });
  const { hostname, port } = new URL(url);
  return {
    async send(message) {
      const info = await transporter.sendMail(message);
      return { messageId: info.messageId };
    },
    describe: () => `SMTP server ${hostname}:${port || "default port"}`,
  };
}

function folderTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message) {
      const info = await transporter.sendMail(message);
      await fs.mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const id = info.messageId.replace(/[^A-Za-z0-9-]/g, "").slice(0, 40);
      const file = path.join(dir, `${stamp}-${id}.eml`);
      await fs.writeFile(file, info.message as Buffer);
      return { messageId: info.messageId };
    },
    describe: () => `.eml files in ${dir} (SMTP_URL is not set)`,
  };
}

/** One per process, whichever bundle asks, so that every email shares the one pool of connections. */
export function getMailTransport(): MailTransport {
  return processSingleton("mail-transport", () => {
    const { smtpUrl, mailDir } = getConfig();
    const transport = smtpUrl ? smtpTransport(smtpUrl) : folderTransport(mailDir);
    console.info(`[mail] booking emails go to ${transport.describe()}`);
    return transport;
  });
}
