// The server's configuration, read from the environment and checked once; everything else imports it from here.
import path from "node:path";
import { z } from "zod";
import { getClinic } from "./clinic";

const blankAsUnset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

function envSchema(clinicEmail: string, clinicName: string) {
  return z.object({
    SMTP_URL: z.preprocess(
      blankAsUnset,
      z
        .url({
          protocol: /^smtps?$/,
          error: "must be a nodemailer connection URL such as smtp://user:pass@host:587 or smtps://user:pass@host:465",
        })
        .optional(),
    ),
    CLINIC_INBOX: z.preprocess(
      blankAsUnset,
      z.email({ error: "must be an email address such as info@drdivyasharma.com" }).default(clinicEmail),
    ),
    MAIL_FROM: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/, {
          error: 'must be an address, or "Name <address>", such as "Clinic website <info@drdivyasharma.com>"',
        })
        .default(`"${clinicName} website" <${clinicEmail}>`),
    ),
    SITE_URL: z.preprocess(
      blankAsUnset,
      z
        .url({ protocol: /^https?$/, error: "must be the site's public address, such as https://www.drdivyasharma.com" })
        .default("http://localhost:3000")
        .transform((url) => url.replace(/\/+$/, "")),
    ),
    MAIL_DIR: z.preprocess(blankAsUnset, z.string().default("var/mail")),
    BOOKING_LIMIT: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .regex(/^(?:off|[1-9]\d*\/[1-9]\d*)$/, {
          error: 'must be "requests/seconds" per client address, such as 5/600, or "off"',
        })
        .default("5/600")
        .transform((value) => {
          if (value === "off") return undefined;
          const [requests, seconds] = value.split("/").map(Number);
          return { requests, seconds };
        }),
    ),
    BOOKING_MIN_SECONDS: z.preprocess(
      blankAsUnset,
      z.coerce
        .number({ error: "must be a number of seconds, such as 3" })
        .min(0, { error: "must be a number of seconds, such as 3" })
        .max(600, { error: "must be at most 600 seconds" })
        .default(3),
    ),
    TRUSTED_PROXY: z.preprocess(
      blankAsUnset,
      z.enum(["true", "false"], { error: 'must be "true" or "false"' }).default("false").transform((v) => v === "true"),
    ),
  });
}

export interface Config {
  /** Unset: emails are written as .eml files into mailDir. */
  smtpUrl?: string;
  clinicInbox: string;
  mailFrom: string;
  siteUrl: string;
  mailDir: string;
  /** How many booking requests one client address may send per window; unset: no limit (load tests). */
  bookingLimit?: { requests: number; seconds: number };
  /** Less time than this between rendering the form and submitting it is a bot's speed. */
  bookingMinSeconds: number;
  /** Whether a reverse proxy in front of the site sets X-Forwarded-For, so its last entry is the client. */
  trustedProxy: boolean;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const clinic = getClinic();
  const result = envSchema(clinic.email, clinic.name).safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`The server's configuration is wrong (see .env.example):\n${lines.join("\n")}`);
  }
  const { SMTP_URL, CLINIC_INBOX, MAIL_FROM, SITE_URL, MAIL_DIR, BOOKING_LIMIT, BOOKING_MIN_SECONDS, TRUSTED_PROXY } =
    result.data;
  return {
    smtpUrl: SMTP_URL,
    clinicInbox: CLINIC_INBOX,
    mailFrom: MAIL_FROM,
    siteUrl: SITE_URL,
    mailDir: path.resolve(MAIL_DIR),
    bookingLimit: BOOKING_LIMIT,
    bookingMinSeconds: BOOKING_MIN_SECONDS,
    trustedProxy: TRUSTED_PROXY,
  };
}

let config: Config | undefined;

export function getConfig(): Config {
  config ??= parseConfig(process.env);
  return config;
}
