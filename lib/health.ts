// Whether the site can take requests and deliver their emails, for an uptime monitor or a load balancer (GET
// /api/health), in the shape of the IETF draft "Health Check Response Format for HTTP APIs" (application/health+json):
// fail when the database cannot be reached or is behind this release's migrations (the site cannot store a request);
// warn when mail is late, was given up on, or the mail server is not reached or refuses the clinic's settings (requests
// are stored, but someone should look). No patron detail, no secret: a few indexed queries.
import type { ClinicStore, MailServerContact } from "./store/clinic-store";
import { MIGRATION_NAMES } from "./store/migrations";

export type HealthStatus = "pass" | "warn" | "fail";

/** One measurement of one component, as the draft names its fields. */
export interface HealthCheck {
  componentType: "datastore" | "component";
  status: HealthStatus;
  observedValue?: number | string | boolean | null;
  observedUnit?: string;
  time?: string;
  output?: string;
}

export interface HealthReport {
  status: HealthStatus;
  description: string;
  checks: Record<string, HealthCheck[]>;
}

export interface HealthSettings {
  /** An email owed for longer than this is late: warn. */
  mailDelaySeconds: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// A database that does not answer within this is down for the monitor, which must not wait on it.
const DATABASE_TIMEOUT_MS = 5_000;
const WORST: HealthStatus[] = ["fail", "warn", "pass"];

function worst(checks: Record<string, HealthCheck[]>): HealthStatus {
  const statuses = Object.values(checks).flatMap((list) => list.map((check) => check.status));
  return WORST.find((status) => statuses.includes(status)) ?? "pass";
}

function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS / 1000} s`)), DATABASE_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The migration check: the release's last migration run, a newer one (another server is ahead), or one missing. */
function migrationCheck(run: string[], at: string): HealthCheck {
  const latest = run.at(-1) ?? null;
  const unknown = run.filter((name) => !MIGRATION_NAMES.includes(name));
  const missing = MIGRATION_NAMES.filter((name) => !run.includes(name));
  const check = { componentType: "datastore" as const, observedValue: latest, time: at };
  if (missing.length > 0) {
    return { ...check, status: "fail", output: `the database is behind this release: ${missing.join(", ")} not run (npm run migrate)` };
  }
  if (unknown.length > 0) {
    return { ...check, status: "warn", output: `the database has migrations newer than this release (${unknown.join(", ")}): update this server` };
  }
  return { ...check, status: "pass" };
}

function mailServerCheck(contact: MailServerContact | null): HealthCheck {
  if (!contact) return { componentType: "component", status: "pass", observedValue: null, output: "no email tried yet" };
  const check = { componentType: "component" as const, observedValue: contact.outcome === "reached", time: contact.at.toISOString() };
  switch (contact.outcome) {
    case "reached":
      return { ...check, status: "pass" };
    case "unreachable":
      return { ...check, status: "warn", output: `the mail server was not reached: ${contact.detail ?? ""}` };
    case "configuration":
      return {
        ...check,
        status: "warn",
        output: `the mail server refuses the clinic's mail settings (SMTP_URL's login, MAIL_FROM, CLINIC_INBOX): ${contact.detail ?? ""}`,
      };
  }
}

/** The site's health at `now`, from what `store` holds; `store` itself may fail to open (the database is down). */
export async function checkHealth(openStore: () => Promise<ClinicStore>, now: Date, { mailDelaySeconds }: HealthSettings): Promise<HealthReport> {
  const description = "Dr. Divya Sharma's clinic website: can it store consultation requests and deliver their emails";
  const at = now.toISOString();
  let store: ClinicStore;
  let run: string[];
  try {
    store = await withinTimeout(openStore());
    run = await withinTimeout(store.migrationsRun());
  } catch (error) {
    // The error's code only: a driver's message may name the server, never a password, but little is gained by more.
    const code = (error as { code?: string }).code;
    const output = `the database cannot be reached${code ? ` (${code})` : ""}`;
    console.error(`[health] ${output}: ${(error as Error).message}`);
    const checks = { "database:migration": [{ componentType: "datastore" as const, status: "fail" as const, time: at, output }] };
    return { status: "fail", description, checks };
  }

  const checks: Record<string, HealthCheck[]> = { "database:migration": [migrationCheck(run, at)] };
  let mail;
  try {
    mail = await withinTimeout(store.deliveryHealth(now, new Date(now.getTime() - DAY_MS)));
  } catch (error) {
    console.error(`[health] the outbox could not be read: ${(error as Error).message}`);
    checks["database:migration"][0] = { ...checks["database:migration"][0], status: "fail", output: "the database stopped answering" };
    return { status: "fail", description, checks };
  }
  const waited = mail.oldestOwedSince ? Math.max(0, Math.round((now.getTime() - mail.oldestOwedSince.getTime()) / 1000)) : 0;
  checks["email:oldestOwed"] = [
    {
      componentType: "component",
      status: waited > mailDelaySeconds ? "warn" : "pass",
      observedValue: waited,
      observedUnit: "s",
      time: at,
      ...(waited > mailDelaySeconds ? { output: `an email has waited ${waited} s to be delivered (more than ${mailDelaySeconds} s)` } : {}),
    },
  ];
  checks["email:givenUp"] = [
    {
      componentType: "component",
      status: mail.givenUp > 0 ? "warn" : "pass",
      observedValue: mail.givenUp,
      observedUnit: "emails in the last 24 hours",
      time: at,
      ...(mail.givenUp > 0 ? { output: "emails were given up on: `npm run outbox` lists them; staff were emailed to call each patron" } : {}),
    },
  ];
  checks["mailServer:reached"] = [mailServerCheck(mail.lastContact)];
  return { status: worst(checks), description, checks };
}
