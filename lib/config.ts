// The server's configuration, read from the environment and checked once; everything else imports it from here.
import path from "node:path";
import { z } from "zod";
import type { BookingConfirmation } from "./booking/rules";
import { getClinic } from "./clinic";

const blankAsUnset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

function wholeNumber(example: string, min: number, max: number, fallback: number) {
  const error = `must be a whole number from ${min} to ${max}: ${example}`;
  return z.preprocess(blankAsUnset, z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback));
}

/** A setting that may hold several secrets, newest first, separated by spaces or commas, so that it can be rotated. */
function newestFirst(secret: z.ZodType<string, string>) {
  return z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .transform((value) => value.split(/[\s,]+/))
      .pipe(z.array(secret).min(1))
      .optional(),
  );
}

const siteUrl = z.preprocess(
  blankAsUnset,
  z
    .url({ protocol: /^https?$/, error: "must be the site's public address, such as https://www.drdivyasharma.com" })
    .default("http://localhost:3000")
    .transform((url) => url.replace(/\/+$/, "")),
);

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
    SITE_URL: siteUrl,
    MAIL_DIR: z.preprocess(blankAsUnset, z.string().default("var/mail")),
    DATABASE_URL: z.preprocess(
      blankAsUnset,
      z
        .url({
          protocol: /^postgres(?:ql)?$/,
          error: "must be a PostgreSQL connection URL such as postgres://clinic:secret@127.0.0.1:5432/clinic, or unset for SQLite",
        })
        .optional(),
    ),
    DATABASE_PATH: z.preprocess(blankAsUnset, z.string().default("var/clinic.db")),
    RETENTION_DAYS: wholeNumber("a number of days, such as 30", 1, 3650, 30),
    DELIVERY_RETRY_SECONDS: wholeNumber("the first wait before a retry, in seconds, such as 30", 1, 3600, 30),
    DELIVERY_RETRY_MAX_SECONDS: wholeNumber("the longest wait between retries, in seconds, such as 3600", 1, 86400, 3600),
    DELIVERY_LEASE_SECONDS: wholeNumber("how long a process may hold a request it is sending, such as 120", 5, 3600, 120),
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
    STAFF_SIGN_IN_LIMIT: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .regex(/^[1-9]\d*\/[1-9]\d*$/, { error: 'must be "attempts/seconds" per client address, such as 10/600' })
        .default("10/600")
        .transform((value) => {
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
    DELIVERY_LOOP: z.preprocess(
      blankAsUnset,
      z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on").transform((v) => v === "on"),
    ),
    STAFF_LINK_SECRET: newestFirst(
      z.string().min(32, {
        error: "must be one secret of at least 32 characters (newest first, then older ones, separated by spaces), such as the output of `openssl rand -hex 32`",
      }),
    ),
    DATA_ENCRYPTION_KEY: newestFirst(
      z.string().refine((key) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(key) && Buffer.from(key, "base64").length === 32, {
        error: "must be keys of 32 bytes in base64 (newest first, then older ones, separated by spaces), such as the output of `openssl rand -base64 32`",
      }),
    ),
    VIDEO_LINK: z.preprocess(
      blankAsUnset,
      z
        .url({
          protocol: /^https?$/,
          error: "must be the clinic's meeting room address, such as https://meet.example.com/drdivyasharma or https://meet.example.com/{reference}",
        })
        .optional(),
    ),
    CONSULTATION_MINUTES: wholeNumber("the length of a consultation in minutes, such as 20", 5, 180, 20),
    BOOKING_NOTICE_MINUTES: wholeNumber("the least notice in minutes before a time a patron may book, such as 120", 0, 7 * 24 * 60, 120),
    BOOKING_CONFIRMATION: z.preprocess(
      blankAsUnset,
      z.enum(["staff", "instant"], { error: 'must be "staff" (staff confirm each time picked) or "instant" (booked at once)' }).default("staff"),
    ),
    HEALTH_MAIL_DELAY_SECONDS: wholeNumber("how long an email may wait before the health check warns, in seconds, such as 900", 1, 7 * 86400, 900),
    METRICS_TOKEN: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .min(32, { error: "must be at least 32 characters, such as the output of `openssl rand -hex 32`" })
        .optional(),
    ),
    CRON_SECRET: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .min(32, { error: "must be at least 32 characters, such as the output of `openssl rand -hex 32`" })
        .optional(),
    ),
  });
}

/** Where the store lives: PostgreSQL when DATABASE_URL is set, otherwise a SQLite file. */
export type DatabaseTarget = { engine: "sqlite"; path: string } | { engine: "postgres"; url: string };

export interface Config {
  /** Unset: emails are written as .eml files into mailDir. */
  smtpUrl?: string;
  clinicInbox: string;
  mailFrom: string;
  siteUrl: string;
  mailDir: string;
  database: DatabaseTarget;
  /** Days a sent request keeps the patron's personal details. */
  retentionDays: number;
  /** The first wait after a failed delivery; it doubles with each failure, up to deliveryRetryMaxMs. */
  deliveryRetryMs: number;
  deliveryRetryMaxMs: number;
  /** How long a claimed request stays with the process sending it; past that, a dead process's claim lapses. */
  deliveryLeaseMs: number;
  /** How many booking requests one client address may send per window; unset: no limit (load tests). */
  bookingLimit?: { requests: number; seconds: number };
  /** How many passkey sign-ins one client address may begin per window, counted in the database. */
  staffSignInLimit: { requests: number; seconds: number };
  /** Less time than this between rendering the form and submitting it is a bot's speed. */
  bookingMinSeconds: number;
  /** Whether a reverse proxy in front of the site sets X-Forwarded-For, so its last entry is the client. */
  trustedProxy: boolean;
  /** Whether each server process runs the delivery loop; off where no process lives long (cron calls instead). */
  deliveryLoop: boolean;
  /** The bearer token of GET /api/cron/deliver; unset: the route does not exist. */
  cronSecret?: string;
  /** An email owed longer than this makes GET /api/health warn. */
  healthMailDelaySeconds: number;
  /** The bearer token of GET /api/metrics; unset: the route does not exist. */
  metricsToken?: string;
  /** The secrets that sign links in emails, newest first; unset: one generated into var/ (lib/links.ts). */
  staffLinkSecrets?: string[];
  /** The keys patrons' details are encrypted with, newest first; unset: one generated into var/ (lib/privacy). */
  dataEncryptionKeys?: string[];
  /** The clinic's meeting room for video consultations; "{reference}" is replaced. Unset: sent before the call. */
  videoLink?: string;
  /** How long one consultation lasts: the diary's step, and the time each appointment holds. */
  consultationMinutes: number;
  /** No time starting sooner than this after now is offered to patrons. */
  bookingNoticeMinutes: number;
  /** Whether a time a patron picks waits for staff to confirm it, or is booked at once. */
  bookingConfirmation: BookingConfirmation;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const clinic = getClinic();
  const result = envSchema(clinic.email, clinic.name).safeParse(env);
  if (!result.success) {
    // One line, naming each wrong variable, so that it stands out in a service's log.
    const wrong = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(`The server's configuration is wrong (see .env.example): ${wrong.join("; ")}`);
  }
  const d = result.data;
  return {
    smtpUrl: d.SMTP_URL,
    clinicInbox: d.CLINIC_INBOX,
    mailFrom: d.MAIL_FROM,
    siteUrl: d.SITE_URL,
    mailDir: path.resolve(d.MAIL_DIR),
    database: d.DATABASE_URL
      ? { engine: "postgres", url: d.DATABASE_URL }
      : { engine: "sqlite", path: path.resolve(d.DATABASE_PATH) },
    retentionDays: d.RETENTION_DAYS,
    deliveryRetryMs: d.DELIVERY_RETRY_SECONDS * 1000,
    deliveryRetryMaxMs: d.DELIVERY_RETRY_MAX_SECONDS * 1000,
    deliveryLeaseMs: d.DELIVERY_LEASE_SECONDS * 1000,
    bookingLimit: d.BOOKING_LIMIT,
    staffSignInLimit: d.STAFF_SIGN_IN_LIMIT,
    bookingMinSeconds: d.BOOKING_MIN_SECONDS,
    trustedProxy: d.TRUSTED_PROXY,
    deliveryLoop: d.DELIVERY_LOOP,
    cronSecret: d.CRON_SECRET,
    healthMailDelaySeconds: d.HEALTH_MAIL_DELAY_SECONDS,
    metricsToken: d.METRICS_TOKEN,
    staffLinkSecrets: d.STAFF_LINK_SECRET,
    dataEncryptionKeys: d.DATA_ENCRYPTION_KEY,
    videoLink: d.VIDEO_LINK,
    consultationMinutes: d.CONSULTATION_MINUTES,
    bookingNoticeMinutes: d.BOOKING_NOTICE_MINUTES,
    bookingConfirmation: d.BOOKING_CONFIRMATION,
  };
}

/**
 * What a production build without SITE_URL must say: its prerendered pages, sitemap and feed would name localhost as
 * the site's address for every search engine and reader, until the next build.
 */
export function siteUrlWarning(env: Record<string, string | undefined>): string | undefined {
  if (blankAsUnset(env.SITE_URL) !== undefined) return undefined;
  const rule = "!".repeat(100);
  return [
    rule,
    "!! SITE_URL is not set: this production build names http://localhost:3000 as the site's address in every",
    "!! canonical URL, the sitemap, the feed and the structured data. Fine on this machine only. For the real site:",
    "!!   SITE_URL=https://www.drdivyasharma.com npm run build",
    rule,
  ].join("\n");
}

/**
 * SITE_URL alone, for next.config.ts, which Next loads before the server's check at start: there a wrong value of any
 * other setting must not fail in Next's words, and a wrong SITE_URL falls back to the default until the check (which
 * stops the server, naming it) runs.
 */
export function siteUrlOf(env: Record<string, string | undefined>): string {
  const parsed = siteUrl.safeParse(env.SITE_URL);
  return parsed.success ? parsed.data : "http://localhost:3000";
}

let config: Config | undefined;

export function getConfig(): Config {
  config ??= parseConfig(process.env);
  return config;
}
