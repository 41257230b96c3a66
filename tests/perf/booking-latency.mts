// `npm run bench:booking`: how long the booking action takes to answer when 20 patrons send the form at once, how
// many bookings a second the site takes from 20 patrons booking without pause, and how long until both emails
// have arrived, on SQLite and then on PostgreSQL (a
// server from Debian's binaries, with durable commits), each with the form sent as the page's JavaScript sends it
// (the action call) and as a browser without JavaScript posts it (answered with a whole page). The production
// build with a local SMTP server; builds first when lib/ or app/ changed since the last build. Prints a table and
// writes it into docs/benchmarks.md as the "## Booking" section, leaving the rest of the file as it is.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { callBookingAction, openBookingPage, postBooking, receivedReference, type BookingPage, type BookingResponse } from "../support/booking-http";
import { startPostgres } from "../support/postgres";
import { deployConfig, NGINX_PATH, startNginx } from "../support/nginx";
import { freePort, startSite, type RunningSite } from "../support/site";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { describeMachine, markdownTable, percentile, toolVersion, writeBenchmarkSections } from "./benchmarks-file.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 20);
const REQUESTS = Number(process.env.REQUESTS ?? 600);
const WARM_UP = Number(process.env.WARM_UP ?? 40);
for (const [name, value] of Object.entries({ CONCURRENCY, REQUESTS, WARM_UP })) {
  if (!Number.isInteger(value) || value < (name === "WARM_UP" ? 0 : 1)) throw new Error(`${name} must be a whole number: ${value}`);
}
const TARGET_P99_MS = 100;
const TARGET_CONCURRENCY = 20;
// The delivery loop passes every 5 s, so a booking's emails that miss the pass after its answer wait that long.
const EMAILS_TIMEOUT_MS = 60_000;
// A page or an answer this late means the site is stuck (a lock never released, say): stop rather than wait 5 min.
const REQUEST_TIMEOUT_MS = 30_000;

interface Booking {
  reference: string;
  /** performance.now() when the form was posted, and when its answer had arrived. */
  postedAt: number;
  answeredAt: number;
}

type Send = (siteUrl: string, page: BookingPage, fields: Record<string, string>) => Promise<BookingResponse>;

/** The two ways a patron's browser sends the form. */
const FORMS: { name: string; send: Send }[] = [
  { name: "with JavaScript (action call)", send: callBookingAction },
  { name: "without JavaScript (form post, whole page)", send: postBooking },
];

interface EngineFigures {
  engine: string;
  form: string;
  /** CONCURRENCY patrons sending at the same instant, round after round. */
  atOnce: { answerP50: number; answerP99: number; emailsP50: number; emailsP99: number };
  answerP50: number;
  answerP99: number;
  bookingsPerSecond: number;
  emailsP50: number;
  emailsP99: number;
}

const sortedNumbers = (values: number[]) => [...values].sort((a, b) => a - b);

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** `next build` when there is no build, or lib/ or app/ changed after it. */
function buildIfStale(): void {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  if (builtAt > Math.max(newestChange(path.join(ROOT, "lib")), newestChange(path.join(ROOT, "app")))) return;
  console.log("The build is older than lib/ or app/: next build");
  const build = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  if (build.status !== 0) throw new Error(`next build failed (${build.status ?? build.signal})`);
}

/** When each reference's emails arrived, from the SMTP server's own arrival times. */
function arrivalsByReference(smtp: TestSmtpServer): Map<string, number[]> {
  const arrivals = new Map<string, number[]>();
  smtp.messages.forEach((mail, i) => {
    const reference = receivedReference(mail.subject ?? "");
    if (reference) arrivals.set(reference, [...(arrivals.get(reference) ?? []), smtp.arrivedAt[i]]);
  });
  return arrivals;
}

/** `promise`, or an error naming `what` once `ms` have passed without it settling. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} had no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** `count` bookings by CONCURRENCY patrons at once, each opening the page (not timed) and then posting the form. */
async function book(siteUrl: string, count: number, label: string, send: Send): Promise<Booking[]> {
  const bookings: Booking[] = [];
  let next = 0;
  let failure: Error | undefined;
  const patron = async (): Promise<void> => {
    while (!failure && next < count) {
      const n = next++;
      const page = await within(REQUEST_TIMEOUT_MS, `GET /book (${label} ${n})`, openBookingPage(siteUrl));
      const postedAt = performance.now();
      const response = await within(
        REQUEST_TIMEOUT_MS,
        `POST /book (${label} ${n})`,
        send(siteUrl, page, { fullName: `Bench Patron ${label} ${n}` }),
      );
      const answeredAt = performance.now();
      const reference = receivedReference(response.html);
      if (!reference) {
        const message = response.html.match(/role="alert"[^>]*>([^<]*)/)?.[1] ?? "no reference on the page";
        throw (failure = new Error(`${label} booking ${n} was not received (${response.status}): ${message}`));
      }
      bookings.push({ reference, postedAt, answeredAt });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, patron));
  return bookings;
}

/**
 * Rounds of CONCURRENCY patrons who opened the form earlier (not timed) sending it at the same instant: the moment a
 * clinic's site is busiest in practice. Each round starts once the last round's emails are out, so every round meets
 * the same quiet server; `count` bookings in all.
 */
async function bookInRounds(
  siteUrl: string,
  count: number,
  send: Send,
  smtp: TestSmtpServer,
): Promise<{ bookings: Booking[]; emails: number[] }> {
  const bookings: Booking[] = [];
  const emails: number[] = [];
  for (let round = 0; bookings.length < count; round++) {
    const size = Math.min(CONCURRENCY, count - bookings.length);
    const pages = await Promise.all(Array.from({ length: size }, () => openBookingPage(siteUrl)));
    const sent = await Promise.all(
      pages.map(async (page, i) => {
        const postedAt = performance.now();
        const response = await within(REQUEST_TIMEOUT_MS, `POST /book (round ${round})`, send(siteUrl, page, { fullName: `Bench Round ${round} ${i}` }));
        const reference = receivedReference(response.html);
        if (!reference) throw new Error(`round ${round} booking ${i} was not received (${response.status})`);
        return { reference, postedAt, answeredAt: performance.now() };
      }),
    );
    bookings.push(...sent);
    emails.push(...(await bothEmailsArrived(sent, smtp)));
  }
  return { bookings, emails };
}

/** Waits until both emails of every booking have arrived; the last of the two is when the patron's wait ended. */
async function bothEmailsArrived(bookings: Booking[], smtp: TestSmtpServer): Promise<number[]> {
  const deadline = Date.now() + EMAILS_TIMEOUT_MS;
  const missing = () => {
    const arrivals = arrivalsByReference(smtp);
    return bookings.filter(({ reference }) => (arrivals.get(reference)?.length ?? 0) < 2);
  };
  while (missing().length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`${missing().length} of ${bookings.length} bookings still lack an email after ${EMAILS_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const arrivals = arrivalsByReference(smtp);
  return bookings.map(({ reference, postedAt }) => Math.max(...arrivals.get(reference)!) - postedAt);
}

type StartSite = (env: Record<string, string>) => Promise<RunningSite>;

/**
 * The production set-up: two `next start` processes behind deploy/nginx.conf, each knowing nginx's address as its
 * public one; stopping it stops all three.
 */
async function startBehindNginx(env: Record<string, string>): Promise<RunningSite> {
  const proxyPort = await freePort();
  const shared = { ...env, SITE_URL: `http://127.0.0.1:${proxyPort}`, TRUSTED_PROXY: "true" };
  const servers = await Promise.all([startSite(shared), startSite(shared)]);
  const [first, second] = servers.map((server) => Number(new URL(server.url).port));
  const proxy = await startNginx(
    (listenPort, dir) => deployConfig({ listenPort, nextPorts: [first, second], cacheDir: path.join(dir, "cache") }),
    proxyPort,
  );
  const all = async (action: (site: RunningSite) => Promise<void>) => {
    await Promise.all(servers.map(action));
    await proxy.stop();
  };
  return {
    url: proxy.url,
    output: () => servers.map((server) => server.output()).join("\n"),
    stop: () => all((server) => server.stop()),
    kill: () => all((server) => server.kill()),
  };
}

/** Both ways of sending the form, one after the other, against the site on the engine. */
async function measure(engine: string, databaseEnv: Record<string, string>, start: StartSite = startSite): Promise<EngineFigures[]> {
  const smtp = await startSmtpServer();
  try {
    const site = await start({ ...databaseEnv, SMTP_URL: smtp.url, BOOKING_LIMIT: "off", BOOKING_MIN_SECONDS: "0" });
    try {
      const figures: EngineFigures[] = [];
      for (const { name: form, send } of FORMS) {
        console.log(`  ${form}`);
        // Untimed: lets Node compile the hot paths and the pool open its connections; their emails are awaited so
        // that their delivery does not fall into the timed part.
        await bothEmailsArrived(await book(site.url, WARM_UP, "warm-up", send), smtp);
        const rounds = await bookInRounds(site.url, REQUESTS, send, smtp);
        const atOnceAnswers = sortedNumbers(rounds.bookings.map(({ postedAt, answeredAt }) => answeredAt - postedAt));
        const atOnceEmails = sortedNumbers(rounds.emails);
        const started = performance.now();
        const bookings = await book(site.url, REQUESTS, "timed", send);
        const seconds = (performance.now() - started) / 1000;
        const answers = sortedNumbers(bookings.map(({ postedAt, answeredAt }) => answeredAt - postedAt));
        const emails = sortedNumbers(await bothEmailsArrived(bookings, smtp));
        figures.push({
          engine,
          form,
          atOnce: {
            answerP50: percentile(atOnceAnswers, 50),
            answerP99: percentile(atOnceAnswers, 99),
            emailsP50: percentile(atOnceEmails, 50),
            emailsP99: percentile(atOnceEmails, 99),
          },
          answerP50: percentile(answers, 50),
          answerP99: percentile(answers, 99),
          bookingsPerSecond: bookings.length / seconds,
          emailsP50: percentile(emails, 50),
          emailsP99: percentile(emails, 99),
        });
      }
      return figures;
    } catch (error) {
      console.error(`${engine}: the run failed; the site's log ends with:\n${site.output().slice(-4000)}`);
      // A stuck site would wait for its stuck requests on SIGTERM.
      await site.kill();
      throw error;
    } finally {
      await site.stop();
    }
  } finally {
    await smtp.close();
  }
}

function sqliteVersion(): string {
  const memory = new SqliteDatabase(":memory:");
  try {
    return (memory.prepare("select sqlite_version() as version").get() as { version: string }).version;
  } finally {
    memory.close();
  }
}

/** The server's version and how durable its commits are, as the benchmark's database sees them. */
async function postgresSettings(url: string): Promise<{ version: string; durable: boolean; settings: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const show = async (name: string) => (await client.query(`SHOW ${name}`)).rows[0][name] as string;
    const version = (await show("server_version")).split(" ")[0];
    const fsync = await show("fsync");
    const synchronousCommit = await show("synchronous_commit");
    const fullPageWrites = await show("full_page_writes");
    return {
      version,
      durable: fsync === "on" && synchronousCommit !== "off" && fullPageWrites === "on",
      settings: `fsync=${fsync}, synchronous_commit=${synchronousCommit}, full_page_writes=${fullPageWrites}`,
    };
  } finally {
    await client.end();
  }
}

const ms = (value: number) => value.toFixed(1);

function atOnceTable(rows: EngineFigures[]): string[] {
  return markdownTable(
    ["engine", "form sent", "answer p50 (ms)", "answer p99 (ms)", "submit to both emails p50 / p99 (ms)"],
    2,
    rows.map(({ engine, form, atOnce }) => [
      engine,
      form,
      ms(atOnce.answerP50),
      ms(atOnce.answerP99),
      `${ms(atOnce.emailsP50)} / ${ms(atOnce.emailsP99)}`,
    ]),
  );
}

function sustainedTable(rows: EngineFigures[]): string[] {
  return markdownTable(
    ["engine", "form sent", "bookings/s", "answer p50 (ms)", "answer p99 (ms)", "submit to both emails p50 / p99 (ms)"],
    2,
    rows.map((row) => [
      row.engine,
      row.form,
      row.bookingsPerSecond.toFixed(1),
      ms(row.answerP50),
      ms(row.answerP99),
      `${ms(row.emailsP50)} / ${ms(row.emailsP99)}`,
    ]),
  );
}

/**
 * The target is the action's answer time with 20 patrons sending at once: the action call, which is how the page's
 * JavaScript sends the form.
 */
function targetLine(rows: EngineFigures[]): string {
  const actionCalls = rows.filter((row) => row.form === FORMS[0].name);
  const met = CONCURRENCY >= TARGET_CONCURRENCY && actionCalls.every((row) => row.atOnce.answerP99 < TARGET_P99_MS);
  const worst = Math.max(...actionCalls.map((row) => row.atOnce.answerP99)).toFixed(1);
  const at = CONCURRENCY === TARGET_CONCURRENCY ? "" : ` (measured at ${CONCURRENCY})`;
  return (
    `Target: the action's answer p99 under ${TARGET_P99_MS} ms with ${TARGET_CONCURRENCY} patrons sending at once, on ` +
    `either engine: ${met ? "met" : "NOT met"} (${worst} ms at worst${at}).`
  );
}

buildIfStale();
const rows: EngineFigures[] = [];
const sqlite = `SQLite ${sqliteVersion()}`;
console.log(`${sqlite}: ${WARM_UP} warm-up bookings, then ${REQUESTS} timed, ${CONCURRENCY} at once`);
// DATABASE_URL empty: SQLite even when the calling shell has one set.
rows.push(...(await measure(sqlite, { DATABASE_URL: "" })));

// Commits on disk, as in production and as SQLite's synchronous=FULL: otherwise PostgreSQL would be flattered.
const server = await startPostgres({ durable: true });
let postgres: string;
try {
  const url = await server.createDatabase();
  const { version, durable, settings } = await postgresSettings(url);
  if (!durable) throw new Error(`PostgreSQL does not commit to disk (${settings}): the figures would not be fair`);
  postgres = `PostgreSQL ${version}`;
  console.log(`${postgres}: ${WARM_UP} warm-up bookings, then ${REQUESTS} timed, ${CONCURRENCY} at once (${settings})`);
  rows.push(...(await measure(postgres, { DATABASE_URL: url })));
  console.log(`${postgres}, two servers behind deploy/nginx.conf`);
  rows.push(...(await measure(`${postgres}, two servers behind nginx`, { DATABASE_URL: url }, startBehindNginx)));
} finally {
  await server.stop();
}

const section = [
  "## Booking",
  "",
  `Written by \`npm run bench:booking\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`,
  "",
  ...describeMachine([sqlite, postgres, toolVersion(NGINX_PATH, ["-v"]).replace("nginx version: ", "")]).map(
    (line) => `- ${line}`,
  ),
  "- The patrons, the site, PostgreSQL and the SMTP server share the machine's cores.",
  "",
  `One \`next start\` with BOOKING_LIMIT=off and BOOKING_MIN_SECONDS=0, a local SMTP server, SQLite in WAL mode ` +
    "with synchronous=FULL and PostgreSQL with its default, durable commits; then the production set-up, two " +
    "`next start` processes on that PostgreSQL behind deploy/nginx.conf. The form is sent as the page's " +
    "JavaScript sends it (the action call, answered with the action's result) and as a browser without JavaScript " +
    "posts it (answered with the whole page). Answer: from sending the form until the answer has arrived. Submit to " +
    "both emails: until the SMTP server has both the clinic's email and the patron's. " +
    `${WARM_UP} untimed bookings first, for each engine and each way of sending the form.`,
  "",
  `### ${CONCURRENCY} patrons sending at once`,
  "",
  `${CONCURRENCY} patrons who opened the form earlier send it at the same instant; the next ${CONCURRENCY} once their ` +
    `emails are out; ${REQUESTS} bookings in all, for each engine and each way of sending the form.`,
  "",
  ...atOnceTable(rows),
  "",
  targetLine(rows),
  "",
  `### ${CONCURRENCY} patrons booking without pause (the site's capacity)`,
  "",
  `${CONCURRENCY} patrons each open \`/book\` (not timed) and send the form, again and again with no pause, ` +
    `${REQUESTS} bookings in all: far more than a clinic sees, so answers wait their turn. Bookings/s counts the ` +
    "bookings over the time they took, page openings included.",
  "",
  ...sustainedTable(rows),
  "",
].join("\n");
writeBenchmarkSections(section);
console.log(`\n${section}\nWritten to docs/benchmarks.md`);
