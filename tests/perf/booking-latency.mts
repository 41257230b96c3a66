// `npm run bench:booking`: how long the booking action takes to answer when 20 patrons send the form at once, how
// many answers a second the site gives 20 patrons booking without pause, and how long until both emails have
// arrived, on SQLite and then on PostgreSQL (a server from Debian's binaries, with durable commits), each with the form
// sent as the page's JavaScript sends it (the action call) and as a browser without JavaScript posts it (answered with
// a whole page). Every group of 20 patrons picks among one morning's free times, so some pick the same time: one is
// accepted, the others are told it was just taken. Then Next.js's floor: the same page with a bare action that checks
// and writes nothing, built in a temporary copy (floor-site.mts), under the same load; and where the booking's time
// goes, from its stages timed one at a time outside Next.js (booking-stages.mts). Last, the free times of a busy
// diary (diary-free-times.mts). The production build with a local SMTP server; builds first when lib/ or app/ changed
// since the last build. Prints the tables and writes them into docs/benchmarks.md as the "## Booking", "## Floor" and
// "## Free times" sections, leaving the rest of the file as it is.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { TIME_WINDOWS } from "@/lib/booking/rules";
import { getClinic } from "@/lib/clinic";
import { freeTimes } from "@/lib/diary/slots";
import { addDays, todayInIndia } from "@/lib/india-time";
import { callBookingAction, openBookingPage, postBooking, receivedReference, type BookingPage, type BookingResponse } from "../support/booking-http";
import { startPostgres } from "../support/postgres";
import { deployConfig, NGINX_PATH, startNginx } from "../support/nginx";
import { freePort, startSite, type RunningSite } from "../support/site";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { describeMachine, markdownTable, percentile, toolVersion, writeBenchmarkSections } from "./benchmarks-file.mjs";
import { buildFloorSite } from "./floor-site.mjs";
import { cpuMeter, percent, quietness, waitForQuiet, type Role } from "./quiet.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 20);
const REQUESTS = Number(process.env.REQUESTS ?? 600);
const WARM_UP = Number(process.env.WARM_UP ?? 40);
for (const [name, value] of Object.entries({ CONCURRENCY, REQUESTS, WARM_UP })) {
  if (!Number.isInteger(value) || value < (name === "WARM_UP" ? 0 : 1)) throw new Error(`${name} must be a whole number: ${value}`);
}
const TARGET_P99_MS = 100;
const TARGET_CONCURRENCY = 20;
const TARGET_OF_FLOOR = 0.5;
// The delivery loop passes every 5 s, so a booking's emails that miss the pass after its answer wait that long.
const EMAILS_TIMEOUT_MS = 60_000;
// A page or an answer this late means the site is stuck (a lock never released, say): stop rather than wait 5 min.
const REQUEST_TIMEOUT_MS = 30_000;
// The servers run with the default consultation length, which sets the grid of times patrons pick from.
const CONSULTATION_MINUTES = 20;
const TAKEN = /was just taken by another patron/;

const runStarted = performance.now();

/** Each open day's morning from tomorrow to the day before the horizon's last: its grid times, as the form offers them. */
const MORNINGS: { date: string; times: string[] }[] = (() => {
  const rules = { hours: getClinic().hours, consultationMinutes: CONSULTATION_MINUTES, noticeMinutes: 0, horizonDays: 60 };
  const today = todayInIndia(new Date());
  const mornings: { date: string; times: string[] }[] = [];
  for (let offset = 1; offset < rules.horizonDays; offset++) {
    const date = addDays(today, offset);
    const times = freeTimes(rules, { date, holds: [], blocks: [] }, new Date()).filter((time) => time < TIME_WINDOWS.morning.ends);
    if (times.length > 0) mornings.push({ date, times });
  }
  return mornings;
})();
const WARM_UP_MORNINGS = Math.ceil(WARM_UP / CONCURRENCY);
if (Math.ceil(REQUESTS / CONCURRENCY) + WARM_UP_MORNINGS > MORNINGS.length) {
  throw new Error(`${REQUESTS} bookings in groups of ${CONCURRENCY}, and the warm-up, need more mornings than the ${MORNINGS.length} ahead`);
}

/** A number from 0 to 1 for `n`, the same on every run (mulberry32). */
function seeded(n: number): number {
  let t = (n * 0x9e3779b9 + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * The n-th patron's answers: the n-th group of CONCURRENCY patrons books on the n-th morning from `firstMorning` and
 * each picks one of its times at random (the same on every run), so some pick the same time.
 */
function answersOf(n: number, firstMorning: number, name: string): Record<string, string> {
  const { date, times } = MORNINGS[firstMorning + Math.floor(n / CONCURRENCY)];
  return { fullName: name, preferredDate: date, time: times[Math.floor(seeded(n + 1000 * firstMorning) * times.length)] };
}

type Outcome = "accepted" | "taken" | "answered";

interface Answer {
  outcome: Outcome;
  reference?: string;
  /** performance.now() when the form was posted, and when its answer had arrived. */
  postedAt: number;
  answeredAt: number;
}

type Send = (siteUrl: string, page: BookingPage, fields: Record<string, string>) => Promise<BookingResponse>;
/** What the answer was, or why it is not one the benchmark expects. */
type Classify = (response: BookingResponse) => { outcome: Outcome; reference?: string } | { failure: string };

/** The booking site: a reference, or the time was taken; anything else is a failure. */
const bookingAnswer: Classify = (response) => {
  const reference = receivedReference(response.html);
  if (reference) return { outcome: "accepted", reference };
  if (TAKEN.test(response.html)) return { outcome: "taken" };
  const message = response.html.match(/role="alert"[^>]*>([^<]*)/)?.[1] ?? "neither a reference nor a time taken";
  return { failure: `${response.status}: ${message}` };
};

/** The floor's bare action: any answer of the site's with the form. */
const floorAnswer: Classify = (response) =>
  response.status === 200 && /editing|booking-form/.test(response.html) ? { outcome: "answered" } : { failure: `${response.status}` };

/** The two ways a patron's browser sends the form. */
const FORMS: { name: string; send: Send }[] = [
  { name: "with JavaScript (action call)", send: callBookingAction },
  { name: "without JavaScript (form post, whole page)", send: postBooking },
];

interface Latencies {
  answerP50: number;
  answerP99: number;
  acceptedP50: number;
  takenP50: number;
  accepted: number;
  taken: number;
  /** Of those told "taken", how many the database refused (PostgreSQL's log), rather than the check before it. */
  refusedByDatabase?: number;
  emailsP50: number;
  emailsP99: number;
  /** The share of the machine's CPU time that went to other work (other test runs) during the measurement. */
  othersCpu?: number;
  /** CPU milliseconds the benchmark's own processes used during the measurement, by role. */
  cpuMs?: Record<Role, number>;
}

interface EngineFigures {
  engine: string;
  form: string;
  /** CONCURRENCY patrons sending at the same instant, round after round. */
  atOnce: Latencies;
  /** CONCURRENCY patrons booking without pause. */
  sustained: Latencies & { answersPerSecond: number; acceptedPerSecond: number };
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

/** Posts the n-th patron's form and says what the answer was. */
async function sendOne(
  siteUrl: string,
  page: BookingPage,
  send: Send,
  classify: Classify,
  fields: Record<string, string>,
  what: string,
): Promise<Answer> {
  const postedAt = performance.now();
  const response = await within(REQUEST_TIMEOUT_MS, `POST /book (${what})`, send(siteUrl, page, fields));
  const answeredAt = performance.now();
  const answer = classify(response);
  if ("failure" in answer) throw new Error(`${what} (${fields.preferredDate} ${fields.time}) had an unexpected answer: ${answer.failure}`);
  return { ...answer, postedAt, answeredAt };
}

/**
 * `count` bookings by CONCURRENCY patrons at once, each opening the page (not timed) and then posting the form, again
 * and again with no pause; the n-th picks a time on the n-th group's morning from `firstMorning`.
 */
async function book(siteUrl: string, count: number, label: string, send: Send, classify: Classify, firstMorning: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  let failure: Error | undefined;
  const patron = async (): Promise<void> => {
    while (!failure && next < count) {
      const n = next++;
      const page = await within(REQUEST_TIMEOUT_MS, `GET /book (${label} ${n})`, openBookingPage(siteUrl));
      try {
        answers.push(await sendOne(siteUrl, page, send, classify, answersOf(n, firstMorning, `Bench Patron ${label} ${n}`), `${label} ${n}`));
      } catch (error) {
        throw (failure = error as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, patron));
  return answers;
}

/**
 * Rounds of CONCURRENCY patrons who opened the form earlier (not timed) sending it at the same instant, all on one
 * morning: the moment a clinic's site is busiest in practice. Each round starts once the last round's emails are out,
 * so every round meets the same quiet server; `count` answers in all.
 */
async function bookInRounds(
  siteUrl: string,
  count: number,
  send: Send,
  classify: Classify,
  smtp?: TestSmtpServer,
): Promise<{ answers: Answer[]; emails: number[] }> {
  const answers: Answer[] = [];
  const emails: number[] = [];
  for (let round = 0; answers.length < count; round++) {
    const size = Math.min(CONCURRENCY, count - answers.length);
    const pages = await Promise.all(Array.from({ length: size }, () => openBookingPage(siteUrl)));
    const sent = await Promise.all(
      pages.map((page, i) => {
        const n = round * CONCURRENCY + i;
        return sendOne(siteUrl, page, send, classify, answersOf(n, 0, `Bench Round ${round} ${i}`), `round ${round} patron ${i}`);
      }),
    );
    answers.push(...sent);
    if (smtp) emails.push(...(await bothEmailsArrived(sent, smtp)));
  }
  return { answers, emails };
}

/** Waits until both emails of every accepted booking have arrived; the last of the two is when the patron's wait ended. */
async function bothEmailsArrived(answers: Answer[], smtp: TestSmtpServer): Promise<number[]> {
  const accepted = answers.filter((answer) => answer.outcome === "accepted");
  const deadline = Date.now() + EMAILS_TIMEOUT_MS;
  const missing = () => {
    const arrivals = arrivalsByReference(smtp);
    return accepted.filter(({ reference }) => (arrivals.get(reference!)?.length ?? 0) < 2);
  };
  while (missing().length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`${missing().length} of ${accepted.length} bookings still lack an email after ${EMAILS_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const arrivals = arrivalsByReference(smtp);
  return accepted.map(({ reference, postedAt }) => Math.max(...arrivals.get(reference!)!) - postedAt);
}

function latencies(answers: Answer[], emails: number[], refusedByDatabase?: number): Latencies {
  const times = (outcome?: Outcome) =>
    sortedNumbers(answers.filter((answer) => !outcome || answer.outcome === outcome).map(({ postedAt, answeredAt }) => answeredAt - postedAt));
  const all = times();
  const sortedEmails = sortedNumbers(emails);
  return {
    answerP50: percentile(all, 50),
    answerP99: percentile(all, 99),
    acceptedP50: percentile(times("accepted"), 50),
    takenP50: percentile(times("taken"), 50),
    accepted: answers.filter((answer) => answer.outcome === "accepted").length,
    taken: answers.filter((answer) => answer.outcome === "taken").length,
    refusedByDatabase,
    emailsP50: percentile(sortedEmails, 50),
    emailsP99: percentile(sortedEmails, 99),
  };
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

interface Engine {
  name: string;
  /** The database settings of a fresh, empty database, so that every measurement starts from an empty diary. */
  freshDatabase(): Promise<Record<string, string>>;
  /** How many diary clashes the database has refused so far (PostgreSQL's log), when it can say. */
  refusals?(): number;
  start?: StartSite;
}

/**
 * One measurement (`part`) of one way of sending the form on a fresh site and database: untimed warm-up bookings on
 * the last mornings ahead, then the timed ones from tomorrow's morning.
 */
async function measurePart<T>(
  engine: Engine,
  form: { name: string; send: Send },
  part: string,
  work: (siteUrl: string, smtp: TestSmtpServer) => Promise<T>,
): Promise<T & { othersCpu: number; cpuMs: Record<Role, number> }> {
  const smtp = await startSmtpServer();
  try {
    const env = { ...(await engine.freshDatabase()), SMTP_URL: smtp.url, BOOKING_LIMIT: "off", BOOKING_MIN_SECONDS: "0" };
    const site = await (engine.start ?? startSite)(env);
    try {
      console.log(`  ${form.name}, ${part}`);
      // Untimed: lets Node compile the hot paths (a booking accepted and one told "taken") and the pool open its
      // connections; their emails are awaited so that their delivery does not fall into the timed part.
      await bothEmailsArrived(await book(site.url, WARM_UP, "warm-up", form.send, bookingAnswer, MORNINGS.length - WARM_UP_MORNINGS), smtp);
      await waitForQuiet(`${engine.name}, ${form.name}, ${part}`);
      const others = cpuMeter();
      const figures = await work(site.url, smtp);
      const use = others();
      return { ...figures, othersCpu: use.others, cpuMs: use.ms };
    } catch (error) {
      console.error(`${engine.name}: the run failed; the site's log ends with:\n${site.output().slice(-4000)}`);
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

/** Both ways of sending the form, each at once and without pause, against the site on the engine. */
async function measure(engine: Engine): Promise<EngineFigures[]> {
  const figures: EngineFigures[] = [];
  for (const form of FORMS) {
    const atOnce = await measurePart(engine, form, "at once", async (siteUrl, smtp) => {
      const refusedBefore = engine.refusals?.();
      const rounds = await bookInRounds(siteUrl, REQUESTS, form.send, bookingAnswer, smtp);
      return latencies(rounds.answers, rounds.emails, refusedBefore === undefined ? undefined : engine.refusals!() - refusedBefore);
    });
    const sustained = await measurePart(engine, form, "without pause", async (siteUrl, smtp) => {
      const refusedBefore = engine.refusals?.();
      const started = performance.now();
      const answers = await book(siteUrl, REQUESTS, "timed", form.send, bookingAnswer, 0);
      const seconds = (performance.now() - started) / 1000;
      const refused = refusedBefore === undefined ? undefined : engine.refusals!() - refusedBefore;
      const measured = latencies(answers, await bothEmailsArrived(answers, smtp), refused);
      return { ...measured, answersPerSecond: answers.length / seconds, acceptedPerSecond: measured.accepted / seconds };
    });
    figures.push({ engine: engine.name, form: form.name, atOnce, sustained });
    // As measured, so that a run that fails later still shows them.
    console.log(`    ${JSON.stringify(figures.at(-1))}`);
  }
  return figures;
}

interface FloorFigures {
  form: string;
  atOnce: { answerP50: number; answerP99: number; othersCpu: number };
  sustained: { answersPerSecond: number; answerP50: number; answerP99: number; othersCpu: number; cpuMs: Record<Role, number> };
}

/** The same load on the floor's copy: one site, no database work, nothing to deliver. */
async function measureFloor(start: StartSite): Promise<FloorFigures[]> {
  const smtp = await startSmtpServer();
  const site = await start({ SMTP_URL: smtp.url, BOOKING_LIMIT: "off", BOOKING_MIN_SECONDS: "0", DATABASE_URL: "" });
  try {
    const figures: FloorFigures[] = [];
    for (const form of FORMS) {
      console.log(`  ${form.name}`);
      await book(site.url, WARM_UP, "warm-up", form.send, floorAnswer, MORNINGS.length - WARM_UP_MORNINGS);
      await waitForQuiet(`the floor, ${form.name}, at once`);
      let others = cpuMeter();
      const rounds = await bookInRounds(site.url, REQUESTS, form.send, floorAnswer);
      const atOnce = { ...latencies(rounds.answers, []), othersCpu: others().others };
      await waitForQuiet(`the floor, ${form.name}, without pause`);
      others = cpuMeter();
      const started = performance.now();
      const answers = await book(site.url, REQUESTS, "timed", form.send, floorAnswer, 0);
      const seconds = (performance.now() - started) / 1000;
      const sustained = latencies(answers, []);
      const use = others();
      figures.push({
        form: form.name,
        atOnce: { answerP50: atOnce.answerP50, answerP99: atOnce.answerP99, othersCpu: atOnce.othersCpu },
        sustained: {
          answersPerSecond: answers.length / seconds,
          answerP50: sustained.answerP50,
          answerP99: sustained.answerP99,
          othersCpu: use.others,
          cpuMs: use.ms,
        },
      });
      console.log(`    ${JSON.stringify(figures.at(-1))}`);
    }
    return figures;
  } catch (error) {
    console.error(`floor: the run failed; the site's log ends with:\n${site.output().slice(-4000)}`);
    await site.kill();
    throw error;
  } finally {
    await site.stop();
    await smtp.close();
  }
}

interface Stage {
  stage: string;
  p50: number;
  p99: number;
}

/**
 * booking-stages.mts in a process of its own on a fresh database of the engine. Not spawnSync: this process must keep
 * reading PostgreSQL's log from its pipe, or the server stops, waiting to write the log line of a refused hold.
 */
async function measureStages(databaseEnv: Record<string, string>): Promise<Stage[]> {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(import.meta.dirname, "booking-stages.mts")], {
    cwd: ROOT,
    env: { ...process.env, ...databaseEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) throw new Error(`booking-stages.mts failed (${code}):\n${stderr}`);
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Stage[];
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

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");

function atOnceTable(rows: EngineFigures[]): string[] {
  return markdownTable(
    ["engine", "form sent", "accepted / told taken (by the database)", "answer p50 (ms)", "answer p99 (ms)", "p50 accepted / taken (ms)", "submit to both emails p50 / p99 (ms)", "others' CPU"],
    2,
    rows.map(({ engine, form, atOnce }) => [
      engine,
      form,
      outcomes(atOnce),
      ms(atOnce.answerP50),
      ms(atOnce.answerP99),
      `${ms(atOnce.acceptedP50)} / ${ms(atOnce.takenP50)}`,
      `${ms(atOnce.emailsP50)} / ${ms(atOnce.emailsP99)}`,
      percent(atOnce.othersCpu ?? NaN),
    ]),
  );
}

function outcomes({ accepted, taken, refusedByDatabase }: Latencies): string {
  return `${accepted} / ${taken} (${refusedByDatabase ?? "?"})`;
}

function sustainedTable(rows: EngineFigures[]): string[] {
  return markdownTable(
    ["engine", "form sent", "answers/s", "accepted/s", "accepted / told taken (by the database)", "answer p50 (ms)", "answer p99 (ms)", "submit to both emails p50 / p99 (ms)", "others' CPU"],
    2,
    rows.map(({ engine, form, sustained }) => [
      engine,
      form,
      sustained.answersPerSecond.toFixed(1),
      sustained.acceptedPerSecond.toFixed(1),
      outcomes(sustained),
      ms(sustained.answerP50),
      ms(sustained.answerP99),
      `${ms(sustained.emailsP50)} / ${ms(sustained.emailsP99)}`,
      percent(sustained.othersCpu ?? NaN),
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

function floorTables(floor: FloorFigures[], rows: EngineFigures[]): string[] {
  const floorOf = (form: string) => floor.find((row) => row.form === form)!;
  return [
    ...markdownTable(
      ["server", "form sent", "at once: answer p50 / p99 (ms)", "without pause: answers/s", "without pause: answer p50 / p99 (ms)", "others' CPU at once / without pause"],
      2,
      floor.map((row) => [
        "the floor: the same page, a bare action",
        row.form,
        `${ms(row.atOnce.answerP50)} / ${ms(row.atOnce.answerP99)}`,
        row.sustained.answersPerSecond.toFixed(1),
        `${ms(row.sustained.answerP50)} / ${ms(row.sustained.answerP99)}`,
        `${percent(row.atOnce.othersCpu)} / ${percent(row.sustained.othersCpu)}`,
      ]),
    ),
    "",
    ...markdownTable(
      ["engine", "form sent", "booking answers/s", "floor answers/s", "booking of floor", "at once: answer p50 booking / floor (ms)"],
      2,
      rows.map((row) => {
        const base = floorOf(row.form);
        return [
          row.engine,
          row.form,
          row.sustained.answersPerSecond.toFixed(1),
          base.sustained.answersPerSecond.toFixed(1),
          `${((100 * row.sustained.answersPerSecond) / base.sustained.answersPerSecond).toFixed(0)} %`,
          `${ms(row.atOnce.answerP50)} / ${ms(base.atOnce.answerP50)}`,
        ];
      }),
    ),
  ];
}

/** CPU time per answer without pause, by the process that spent it: the booking's and the floor's. */
function cpuTable(floor: FloorFigures[], rows: EngineFigures[]): string[] {
  const perAnswer = (cpuMs: Record<Role, number> | undefined, role: Role) => (cpuMs ? (cpuMs[role] / REQUESTS).toFixed(1) : "–");
  const line = (server: string, form: string, cpuMs: Record<Role, number> | undefined) => [
    server,
    form,
    perAnswer(cpuMs, "site"),
    perAnswer(cpuMs, "database"),
    perAnswer(cpuMs, "proxy"),
    perAnswer(cpuMs, "benchmark"),
    cpuMs ? (Object.values(cpuMs).reduce((sum, value) => sum + value, 0) / REQUESTS).toFixed(1) : "–",
  ];
  return markdownTable(
    ["server", "form sent", "next start (ms)", "PostgreSQL (ms)", "nginx (ms)", "patrons and SMTP server (ms)", "all (ms)"],
    2,
    [
      ...floor.map((row) => line("the floor", row.form, row.sustained.cpuMs)),
      ...rows.map((row) => line(row.engine, row.form, row.sustained.cpuMs)),
    ],
  );
}

function floorTargetLine(floor: FloorFigures[], rows: EngineFigures[]): string {
  const fractions = rows.map((row) => row.sustained.answersPerSecond / floor.find((base) => base.form === row.form)!.sustained.answersPerSecond);
  const worst = Math.min(...fractions);
  return (
    `Goal: booking throughput at least ${TARGET_OF_FLOOR * 100} % of the floor's: ${worst >= TARGET_OF_FLOOR ? "met" : "NOT met"} ` +
    `(${(worst * 100).toFixed(0)} % at worst, ${(Math.max(...fractions) * 100).toFixed(0)} % at best).`
  );
}

function stagesTable(stages: { engine: string; stages: Stage[]; othersCpu: number }[]): string[] {
  const names = stages[0].stages.map((stage) => stage.stage);
  return markdownTable(
    ["stage, one booking at a time", ...stages.map(({ engine, othersCpu }) => `${engine} p50 / p99 (ms; others' CPU ${percent(othersCpu)})`)],
    1,
    names.map((name) => [
      name,
      ...stages.map(({ stages: figures }) => {
        const figure = figures.find((stage) => stage.stage === name);
        return figure ? `${figure.p50.toFixed(2)} / ${figure.p99.toFixed(2)}` : "–";
      }),
    ]),
  );
}

buildIfStale();
const rows: EngineFigures[] = [];
const sqlite = `SQLite ${sqliteVersion()}`;
console.log(`${MORNINGS.length} mornings ahead, ${MORNINGS[0].times.length} times each (${MORNINGS[0].times.join(", ")})`);
console.log(`${sqlite}: ${WARM_UP} warm-up bookings, then ${REQUESTS} timed, ${CONCURRENCY} at once`);
// DATABASE_URL empty: SQLite even when the calling shell has one set; startSite gives each site a new file.
rows.push(...(await measure({ name: sqlite, freshDatabase: async () => ({ DATABASE_URL: "" }) })));

// Commits on disk, as in production and as SQLite's synchronous=FULL: otherwise PostgreSQL would be flattered.
const server = await startPostgres({ durable: true });
let postgres: string;
const stages: { engine: string; stages: Stage[]; othersCpu: number }[] = [];
/** The stages on one engine, with the share of CPU time other work took meanwhile. */
async function measuredStages(engine: string, databaseEnv: Record<string, string>) {
  await waitForQuiet(`the stages on ${engine}`);
  const others = cpuMeter();
  const figures = await measureStages(databaseEnv);
  return { engine, stages: figures, othersCpu: others().others };
}
try {
  const { version, durable, settings } = await postgresSettings(await server.createDatabase());
  if (!durable) throw new Error(`PostgreSQL does not commit to disk (${settings}): the figures would not be fair`);
  postgres = `PostgreSQL ${version}`;
  console.log(`${postgres}: ${WARM_UP} warm-up bookings, then ${REQUESTS} timed, ${CONCURRENCY} at once (${settings})`);
  // The server logs each statement refused with an error: the diary's key refusing a second hold is one.
  const refusals = () => server.output().split('violates unique constraint "diary_holds_pkey"').length - 1;
  const onPostgres = { name: postgres, freshDatabase: async () => ({ DATABASE_URL: await server.createDatabase() }), refusals };
  rows.push(...(await measure(onPostgres)));
  console.log(`${postgres}, two servers behind deploy/nginx.conf`);
  rows.push(...(await measure({ ...onPostgres, name: `${postgres}, two servers behind nginx`, start: startBehindNginx })));

  console.log("Where a booking's time goes: its stages one at a time, outside Next.js");
  const sqliteFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-stages-")), "clinic.db");
  try {
    stages.push(await measuredStages(sqlite, { DATABASE_URL: "", DATABASE_PATH: sqliteFile }));
  } finally {
    fs.rmSync(path.dirname(sqliteFile), { recursive: true, force: true });
  }
  stages.push(await measuredStages(postgres, { DATABASE_URL: await server.createDatabase() }));
} finally {
  await server.stop();
}

console.log("The floor: building a temporary copy of the site whose /book has a bare action");
const floorSite = await buildFloorSite();
let floor: FloorFigures[];
try {
  console.log(`  built in ${floorSite.buildSeconds.toFixed(0)} s`);
  floor = await measureFloor(floorSite.start);
} finally {
  floorSite.remove();
}

const when = () => new Date().toISOString().slice(0, 16).replace("T", " ");
const machine = describeMachine([sqlite, postgres, toolVersion(NGINX_PATH, ["-v"]).replace("nginx version: ", "")]).map((line) => `- ${line}`);
const loadLine = `- The patrons, the site, PostgreSQL and the SMTP server share the machine's cores; ${quietness()}.`;
const seconds = (performance.now() - runStarted) / 1000;

const section = [
  "## Booking",
  "",
  `Written by \`npm run bench:booking\` on ${when()} UTC.`,
  "",
  ...machine,
  loadLine,
  "",
  `One \`next start\` with BOOKING_LIMIT=off and BOOKING_MIN_SECONDS=0, a local SMTP server, SQLite in WAL mode ` +
    "with synchronous=FULL and PostgreSQL with its default, durable commits; then the production set-up, two " +
    "`next start` processes on that PostgreSQL behind deploy/nginx.conf. The form is sent as the page's " +
    "JavaScript sends it (the action call, answered with the action's result) and as a browser without JavaScript " +
    "posts it (answered with the whole page). Answer: from sending the form until the answer has arrived. Submit to " +
    "both emails: until the SMTP server has both the clinic's email and the patron's, for the bookings accepted. " +
    `Each measurement starts a fresh site on an empty database, with ${WARM_UP} untimed bookings first.`,
  "",
  `Every patron picks a time. The n-th group of ${CONCURRENCY} patrons books on the n-th open day's morning from ` +
    `tomorrow, and each picks one of its ${MORNINGS[0].times.length} times (${MORNINGS[0].times[0]} to ` +
    `${MORNINGS[0].times.at(-1)}) at random, the same on every run: so some pick the same time, one of them is ` +
    "accepted and the others are told it was just taken (the form again, with the nearest free times and the day's " +
    "times). \"By the database\": those of them the database's key refused, the check before the write having found " +
    "the time free (counted from PostgreSQL's log; SQLite cannot say).",
  "",
  `### ${CONCURRENCY} patrons sending at once`,
  "",
  `${CONCURRENCY} patrons who opened the form earlier send it at the same instant, all for one morning; the next ` +
    `${CONCURRENCY}, for the next morning, once the emails are out; ${REQUESTS} answers in all, for each engine and ` +
    "each way of sending the form.",
  "",
  ...atOnceTable(rows),
  "",
  targetLine(rows),
  "",
  `### ${CONCURRENCY} patrons booking without pause (the site's capacity)`,
  "",
  `${CONCURRENCY} patrons each open \`/book\` (not timed) and send the form, again and again with no pause, ` +
    `${REQUESTS} answers in all, each group of ${CONCURRENCY} in turn on the next morning: far more than a clinic sees, ` +
    "so answers wait their turn. Answers/s counts every answer (accepted or taken) over the time they took, page " +
    "openings included.",
  "",
  ...sustainedTable(rows),
  "",
  "## Floor",
  "",
  `Written by \`npm run bench:booking\` on ${when()} UTC, in the same run as "Booking" (${(seconds / 60).toFixed(0)} minutes for both, the floor's build included).`,
  "",
  ...machine,
  loadLine,
  "",
  "Next.js's own floor: a temporary copy of the site (never committed) whose `/book` is the same page and form with " +
    "the server action replaced by one that checks nothing, writes nothing and returns the form's empty state, " +
    `built with \`next build\` (${floorSite.buildSeconds.toFixed(0)} s) and served by one \`next start\`, under the same ` +
    `load as "Booking": ${WARM_UP} untimed, then ${REQUESTS} answers at once in rounds and ${REQUESTS} without pause, ` +
    "each way of sending the form.",
  "",
  ...floorTables(floor, rows),
  "",
  floorTargetLine(floor, rows),
  "",
  "### Where a booking's time goes",
  "",
  `CPU time per answer while ${CONCURRENCY} patrons booked without pause, by the processes that spent it (from ` +
    "/proc: each process's user and system time, PostgreSQL's ended connections included); the patrons' process also " +
    "runs the test SMTP server, which parses every email it receives. The machine has 2 cores, so at 100 % use " +
    "answers/s is at most 2,000 divided by \"all\".",
  "",
  ...cpuTable(floor, rows),
  "",
  "The stages of `submitConsultationRequest` (lib/booking/submit.ts), each called on its own as submit calls it, " +
    "one booking at a time in one Node process outside Next.js (tests/perf/booking-stages.mts), on a fresh " +
    `database of each engine (PostgreSQL with durable commits), ${Number(process.env.STAGE_CALLS ?? 200)} of each ` +
    "after 20 untimed; the diary fills as it runs. Then the whole function, for a time that is free and for the same " +
    "time again.",
  "",
  ...stagesTable(stages),
  "",
].join("\n");
writeBenchmarkSections(section);
console.log(`\n${section}\nWritten to docs/benchmarks.md`);

console.log("\nThe free times of a busy diary (diary-free-times.mts)");
const diary = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(import.meta.dirname, "diary-free-times.mts")], {
  cwd: ROOT,
  stdio: "inherit",
});
if (diary.status !== 0) throw new Error(`diary-free-times.mts failed (${diary.status ?? diary.signal})`);
console.log(`\nnpm run bench:booking took ${((performance.now() - runStarted) / 60_000).toFixed(1)} minutes`);
