// `npm run bench:health`: how long GET /api/health takes to answer 20 monitors (or load balancers) asking at once
// and without pause, alone and while patrons book (BOOKERS at once, each sending the form as a browser without
// JavaScript does, one request after another), on SQLite and on PostgreSQL (Debian's server, durable commits). The
// production build with a local SMTP server, so every booking's emails are delivered while it runs. Prints the table
// and writes it into docs/benchmarks.md as the "## Health check" section, leaving the rest of the file as it is.
import { bookOverHttp } from "../support/booking-http";
import { startPostgres } from "../support/postgres";
import { startSite, type RunningSite } from "../support/site";
import { startSmtpServer } from "../support/smtp";
import { describeMachine, markdownTable, percentile, toolVersion, writeBenchmarkSections } from "./benchmarks-file.mjs";
import { cpuMeter, percent, quietness, waitForQuiet } from "./quiet.mjs";

const CALLERS = Number(process.env.CALLERS ?? 20);
const BOOKERS = Number(process.env.BOOKERS ?? 4);
const SECONDS = Number(process.env.SECONDS ?? 15);
const WARM_UP_SECONDS = 2;
for (const [name, value] of Object.entries({ CALLERS, BOOKERS, SECONDS })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number: ${value}`);
}

interface Row {
  engine: string;
  load: string;
  answers: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: string;
  bookings: number;
  othersCpu: number;
}

/** `callers` loops asking for the health check until `until`; each answer's milliseconds, and the statuses seen. */
async function askHealth(siteUrl: string, callers: number, until: number): Promise<{ ms: number[]; statuses: Map<string, number> }> {
  const ms: number[] = [];
  const statuses = new Map<string, number>();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const response = await fetch(`${siteUrl}/api/health`);
        const body = (await response.json()) as { status: string };
        ms.push(performance.now() - started);
        const key = `${response.status} ${body.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    }),
  );
  return { ms: ms.sort((a, b) => a - b), statuses };
}

/** `bookers` patrons booking one after another until `until`; how many were received. */
async function keepBooking(siteUrl: string, bookers: number, until: number): Promise<number> {
  let received = 0;
  await Promise.all(
    Array.from({ length: bookers }, async (_, patron) => {
      for (let n = 0; performance.now() < until; n++) {
        await bookOverHttp(siteUrl, { fullName: `Patron ${patron} ${n}` });
        received++;
      }
    }),
  );
  return received;
}

async function measureLoad(site: RunningSite, engine: string, withBookings: boolean): Promise<Row> {
  // Warm up the route and the store's connections, then measure.
  await askHealth(site.url, CALLERS, performance.now() + WARM_UP_SECONDS * 1000);
  await waitForQuiet(`the health check on ${engine}`);
  const meter = cpuMeter();
  const started = performance.now();
  const until = started + SECONDS * 1000;
  const [{ ms, statuses }, bookings] = await Promise.all([
    askHealth(site.url, CALLERS, until),
    withBookings ? keepBooking(site.url, BOOKERS, until) : Promise.resolve(0),
  ]);
  const elapsed = (performance.now() - started) / 1000;
  return {
    engine,
    load: withBookings ? `while ${BOOKERS} patrons book without pause` : "alone",
    answers: ms.length,
    perSecond: ms.length / elapsed,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    statuses: [...statuses].map(([status, count]) => `${status} × ${count}`).join(", "),
    bookings,
    othersCpu: meter().others,
  };
}

async function measureEngine(engine: "SQLite" | "PostgreSQL"): Promise<Row[]> {
  console.log(`\n${engine}`);
  const smtp = await startSmtpServer();
  const postgres = engine === "PostgreSQL" ? await startPostgres({ durable: true }) : undefined;
  const site = await startSite({
    ...(postgres ? { DATABASE_URL: await postgres.createDatabase() } : {}),
    SMTP_URL: smtp.url,
    BOOKING_LIMIT: "off",
    BOOKING_MIN_SECONDS: "0",
  });
  try {
    const rows = [await measureLoad(site, engine, false), await measureLoad(site, engine, true)];
    for (const row of rows) console.log(`  ${row.load}: p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms (${row.statuses})`);
    return rows;
  } finally {
    await site.stop();
    await postgres?.stop();
    await smtp.close();
  }
}

const rows = [...(await measureEngine("SQLite")), ...(await measureEngine("PostgreSQL"))];
const table = markdownTable(
  ["engine", "load", "what it answered", "answers", "answers/s", "p50 (ms)", "p99 (ms)", "bookings received", "other work's CPU"],
  3,
  rows.map((row) => [
    row.engine,
    row.load,
    row.statuses,
    String(row.answers),
    row.perSecond.toFixed(0),
    row.p50.toFixed(1),
    row.p99.toFixed(1),
    String(row.bookings),
    percent(row.othersCpu),
  ]),
);
const section = [
  "## Health check",
  "",
  `\`npm run bench:health\`: ${CALLERS} callers asking for \`GET /api/health\` at once and without pause for ${SECONDS} s, against`,
  "`next start` on the production build, alone and while patrons book (each posting the form as a browser without",
  "JavaScript does, one request after another; a local SMTP server takes their emails). Each answer reads the",
  "migrations run, the oldest email owed, the emails given up in 24 hours and the last contact with the mail server.",
  "",
  ...table,
  "",
  ...describeMachine([toolVersion("psql", ["--version"])]).map((line) => `- ${line}`),
  `- ${quietness()}`,
  "",
].join("\n");
console.log(`\n${section}`);
writeBenchmarkSections(section);
