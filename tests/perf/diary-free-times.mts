// `npm run bench:diary` (also run by `npm run bench:booking`): how long `dayTimes` (lib/booking/free-times.ts) takes to
// work out a date's free times, on an empty diary and on one holding 2,000 appointments and 50 blocks in the 60-day
// horizon, on SQLite and on PostgreSQL. The store is opened with openStore and filled through its own addRequest and
// blockTime, at fixed dates, so every run measures the same diary. Writes the "## Free times" section.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

// 2,000 appointments do not fit the default 20-minute grid's 60 days (Monday to Saturday, 10:00-19:00: about 1,400
// times), so the diary is measured with 10-minute consultations. Set before the configuration is first read.
const CONSULTATION_MINUTES = 10;
process.env.CONSULTATION_MINUTES = String(CONSULTATION_MINUTES);
process.env.BOOKING_NOTICE_MINUTES = "120";

const { requestedAppointment } = await import("@/lib/appointments/states");
const { dayTimes, diaryRules } = await import("@/lib/booking/free-times");
const { REQUEST_EMAILS } = await import("@/lib/mail/outbox-email");
const { freeTimes } = await import("@/lib/diary/slots");
const { addDays, indiaInstant } = await import("@/lib/india-time");
const { dataKey } = await import("@/lib/privacy/encryption");
const { openStore } = await import("@/lib/store");
const { startPostgres } = await import("../support/postgres");
const { describeMachine, markdownTable, percentile, writeBenchmarkSections } = await import("./benchmarks-file.mjs");
const { cpuMeter, percent, quietness, waitForQuiet } = await import("./quiet.mjs");
type ClinicStore = import("@/lib/store/clinic-store").ClinicStore;
type DatabaseTarget = import("@/lib/config").DatabaseTarget;

const APPOINTMENTS = Number(process.env.APPOINTMENTS ?? 2000);
const BLOCKS = 50;
const WHOLE_DAY_BLOCKS = 5;
const CALLS = Number(process.env.CALLS ?? 500);
const WARM_UP_CALLS = 50;
// A Monday morning in India, before the clinic opens: the horizon runs to Friday 5 March 2027.
const NOW = new Date("2027-01-04T08:00:00+05:30");
const TODAY = "2027-01-04";
// The first week (Monday to Saturday) is full, so asking for its Monday looks through it for the next free day.
const FULL_DAYS = 6;

const ANSWERS = {
  fullName: "Meera Iyer",
  mobile: "+919900012345",
  email: "meera@example.test",
  mode: "tele",
  reason: "Itchy rash on the forearms for two weeks.",
  consent: "yes",
} as const;

export interface FreeTimesRow {
  engine: string;
  diary: string;
  asked: string;
  dayTimes: { p50: number; p99: number };
  horizonRead: { p50: number; p99: number };
  /** dayTimes on a store that answers from memory what the 60 days' read returned: its own work, the read left out. */
  computing: { p50: number; p99: number };
  dayRead: { p50: number; p99: number };
  /** What dayTimes answered, to show the case is the one named. */
  answer: string;
  /** The share of the machine's CPU time other work took while this row was measured. */
  othersCpu: number;
}

/** Every grid time of the horizon, by date, as the rules give them on an empty diary (the notice included). */
function gridOfHorizon(): { date: string; times: string[] }[] {
  const rules = diaryRules();
  const days: { date: string; times: string[] }[] = [];
  for (let offset = 0; offset <= rules.horizonDays; offset++) {
    const date = addDays(TODAY, offset);
    const times = freeTimes(rules, { date, holds: [], blocks: [] }, NOW);
    if (times.length > 0) days.push({ date, times });
  }
  return days;
}

/** What the diary will hold: whole-day and one-hour blocks, then the appointments on the grid times left. */
function layout() {
  const days = gridOfHorizon();
  const wholeDays = new Set(Array.from({ length: WHOLE_DAY_BLOCKS }, (_, i) => days[(i + 1) * 10].date));
  const hourBlocked = days.filter((day) => !wholeDays.has(day.date)).slice(0, BLOCKS - WHOLE_DAY_BLOCKS);
  const blocks = [
    ...[...wholeDays].map((date) => ({ startsAt: indiaInstant(date, "00:00"), endsAt: indiaInstant(addDays(date, 1), "00:00"), reason: "Clinic holiday" })),
    ...hourBlocked.map(({ date }) => ({ startsAt: indiaInstant(date, "14:00"), endsAt: indiaInstant(date, "15:00"), reason: "Doctor away" })),
  ];
  const blocked = (date: string, time: string) =>
    wholeDays.has(date) || (hourBlocked.some((day) => day.date === date) && time >= "14:00" && time < "15:00");
  const open = days.map(({ date, times }) => ({ date, times: times.filter((time) => !blocked(date, time)) }));
  // The first FULL_DAYS open days full; the rest of the appointments spread evenly over the other times.
  const full = open.slice(0, FULL_DAYS).flatMap(({ date, times }) => times.map((time) => ({ date, time })));
  const rest = open.slice(FULL_DAYS).flatMap(({ date, times }) => times.map((time) => ({ date, time })));
  const spread = APPOINTMENTS - full.length;
  if (spread < 0 || spread > rest.length) throw new Error(`${APPOINTMENTS} appointments do not fit the horizon's ${full.length + rest.length} free times`);
  const appointments = [...full, ...Array.from({ length: spread }, (_, i) => rest[Math.floor((i * rest.length) / spread)])];
  return { days, blocks, appointments, gridTimes: days.reduce((sum, day) => sum + day.times.length, 0) };
}

async function fill(store: ClinicStore, plan: ReturnType<typeof layout>): Promise<void> {
  const receivedAt = new Date(NOW.getTime() - 86_400_000);
  let n = 0;
  for (const { date, time } of plan.appointments) {
    const reference = `DS-DIAR-${String(++n).padStart(4, "0")}`;
    const added = await store.addRequest(
      {
        reference,
        requestKey: `bench-diary-${n}`,
        request: { ...ANSWERS, preferredDate: date, time } as never,
        receivedAt,
        consent: { version: "bench", givenAt: receivedAt },
        appointment: requestedAppointment(receivedAt, indiaInstant(date, time)),
      },
      REQUEST_EMAILS,
    );
    if (added === "taken") throw new Error(`${date} ${time} was taken twice in the layout`);
  }
  let b = 0;
  for (const block of plan.blocks) await store.blockTime({ id: `B-BNCH${String(++b).padStart(2, "0")}`, createdAt: receivedAt, ...block }, null);
}

async function timed<T>(calls: number, work: () => Promise<T>): Promise<{ p50: number; p99: number; last: T }> {
  for (let i = 0; i < WARM_UP_CALLS; i++) await work();
  const durations: number[] = [];
  let last!: T;
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    last = await work();
    durations.push(performance.now() - start);
  }
  durations.sort((a, b) => a - b);
  return { p50: percentile(durations, 50), p99: percentile(durations, 99), last };
}

async function measureAsked(store: ClinicStore, engine: string, diary: string, asked: string, date: string): Promise<FreeTimesRow> {
  await waitForQuiet(`${engine}, ${diary}, ${asked}`);
  const others = cpuMeter();
  const horizonEnd = indiaInstant(addDays(TODAY, diaryRules().horizonDays + 1), "00:00");
  const times = await timed(CALLS, () => dayTimes(store, date, NOW));
  const horizonRead = await timed(CALLS, () => store.diaryBetween(indiaInstant(TODAY, "00:00"), horizonEnd));
  const contents = horizonRead.last;
  const inMemory = { ...store, diaryBetween: async () => contents } as ClinicStore;
  const computing = await timed(CALLS, () => dayTimes(inMemory, date, NOW));
  const dayRead = await timed(CALLS, () => store.diaryBetween(indiaInstant(date, "00:00"), indiaInstant(addDays(date, 1), "00:00")));
  const { times: free, nextDate } = times.last;
  const answer = free.length > 0 ? `${free.length} free times` : `none; next free day ${nextDate ?? "none"}`;
  return { engine, diary, asked: `${asked} (${date})`, dayTimes: times, horizonRead, computing, dayRead, answer, othersCpu: others().others };
}

async function measureEngine(engine: string, target: DatabaseTarget, plan: ReturnType<typeof layout>): Promise<FreeTimesRow[]> {
  const { store } = await openStore(target, [dataKey(randomBytes(32).toString("base64"))], CONSULTATION_MINUTES);
  try {
    const rows: FreeTimesRow[] = [];
    const middle = plan.days[Math.floor(plan.days.length / 2)].date;
    console.error(`${engine}: empty diary`);
    rows.push(await measureAsked(store, engine, "empty", "a day in the middle of the horizon", middle));
    const started = performance.now();
    await fill(store, plan);
    console.error(`${engine}: filled with ${plan.appointments.length} appointments and ${plan.blocks.length} blocks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const diary = `${plan.appointments.length.toLocaleString("en")} appointments, ${plan.blocks.length} blocks`;
    rows.push(await measureAsked(store, engine, diary, "a day in the middle of the horizon", middle));
    rows.push(await measureAsked(store, engine, diary, "a full day, the first of 6 full days", TODAY));
    return rows;
  } finally {
    await store.close();
  }
}

const ms = (value: number) => value.toFixed(2);
const pair = ({ p50, p99 }: { p50: number; p99: number }) => `${ms(p50)} / ${ms(p99)}`;

export function freeTimesSection(rows: FreeTimesRow[], tools: string[], gridTimes: number): string {
  return [
    "## Free times",
    "",
    `Written by \`npm run bench:diary\` (also run by \`npm run bench:booking\`) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`,
    "",
    ...describeMachine(tools).map((line) => `- ${line}`),
    `- One process, one call at a time; ${quietness()}.`,
    "",
    `\`dayTimes(store, date, now)\`, as the booking page and \`GET /book/times\` call it, on a store opened with \`openStore\` ` +
      `and filled through its own \`addRequest\` and \`blockTime\`. Now is Monday 4 January 2027, 08:00 in India; the ` +
      `horizon's ${gridTimes.toLocaleString("en")} grid times are ${CONSULTATION_MINUTES}-minute consultations (the default 20 minutes would give ` +
      `about 1,400, too few for 2,000 appointments). The ${BLOCKS} blocks are ${WHOLE_DAY_BLOCKS} whole days and ` +
      `${BLOCKS - WHOLE_DAY_BLOCKS} hours (14:00-15:00); the first week's 6 days are full and the other appointments spread ` +
      `evenly over the times left. ${CALLS} timed calls after ${WARM_UP_CALLS} untimed, p50 / p99 in milliseconds. ` +
      "\"Reading the 60 days\" is `store.diaryBetween` over the whole horizon, which `dayTimes` reads on every call; " +
      "\"computing\" is `dayTimes` on a store answering from memory what that read returned (its own work, the read " +
      "left out); \"reading the day\" is the same read for the date alone.",
    "",
    ...markdownTable(
      ["engine", "diary", "date asked", "answer", "dayTimes p50 / p99 (ms)", "reading the 60 days p50 / p99 (ms)", "computing p50 / p99 (ms)", "reading the day p50 / p99 (ms)", "others' CPU"],
      4,
      rows.map((row) => [row.engine, row.diary, row.asked, row.answer, pair(row.dayTimes), pair(row.horizonRead), pair(row.computing), pair(row.dayRead), percent(row.othersCpu)]),
    ),
    "",
  ].join("\n");
}

export async function measureFreeTimes(): Promise<{ section: string; rows: FreeTimesRow[] }> {
  const plan = layout();
  const rows: FreeTimesRow[] = [];
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-diary-bench-"));
  let sqliteVersion = "SQLite";
  try {
    const file = path.join(temp, "clinic.db");
    const SqliteDatabase = (await import("better-sqlite3")).default;
    const memory = new SqliteDatabase(":memory:");
    sqliteVersion = `SQLite ${(memory.prepare("select sqlite_version() as v").get() as { v: string }).v}`;
    memory.close();
    rows.push(...(await measureEngine(sqliteVersion, { engine: "sqlite", path: file }, plan)));
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  const server = await startPostgres();
  let postgresVersion = "PostgreSQL";
  try {
    const url = await server.createDatabase();
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    postgresVersion = `PostgreSQL ${String((await client.query("SHOW server_version")).rows[0].server_version).split(" ")[0]}`;
    await client.end();
    rows.push(...(await measureEngine(postgresVersion, { engine: "postgres", url }, plan)));
  } finally {
    await server.stop();
  }
  return { rows, section: freeTimesSection(rows, [sqliteVersion, postgresVersion], plan.gridTimes) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { section } = await measureFreeTimes();
  writeBenchmarkSections(section);
  console.log(`\n${section}\nWritten to docs/benchmarks.md`);
}
