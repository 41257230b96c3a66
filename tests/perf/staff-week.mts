// `npm run bench:staff-week`: how long the staff area's week (lib/staff/diary-week.ts staffDays, what /staff renders)
// takes with 2,000 appointments in the store, the week's own times all taken, on SQLite and on PostgreSQL. The store
// is opened with openStore and filled through its own addRequest, at fixed dates; prints p50 and p99.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// As in bench:diary: 2,000 appointments fit the horizon only on a 10-minute grid. Set before the configuration is read.
process.env.CONSULTATION_MINUTES = "10";

const { requestedAppointment } = await import("@/lib/appointments/states");
const { diaryRules } = await import("@/lib/booking/free-times");
const { freeTimes } = await import("@/lib/diary/slots");
const { addDays, indiaInstant } = await import("@/lib/india-time");
const { staffDays, weekOf } = await import("@/lib/staff/diary-week");
const { openStore } = await import("@/lib/store");
const { startPostgres } = await import("../support/postgres");
const { percentile } = await import("./benchmarks-file.mjs");
type DatabaseTarget = import("@/lib/config").DatabaseTarget;

const APPOINTMENTS = 2000;
const CALLS = 200;
const WARM_UP = 20;
const NOW = new Date("2027-01-04T08:00:00+05:30");
const TODAY = "2027-01-04";

/** The horizon's grid times, earliest first: the first week's fill it, the rest spread over the later days. */
function slots(): { date: string; time: string }[] {
  const rules = { ...diaryRules(), noticeMinutes: 0 };
  const all: { date: string; time: string }[] = [];
  for (let offset = 0; offset <= rules.horizonDays; offset++) {
    const date = addDays(TODAY, offset);
    for (const time of freeTimes(rules, { date, holds: [], blocks: [] }, NOW)) all.push({ date, time });
  }
  if (all.length < APPOINTMENTS) throw new Error(`only ${all.length} grid times`);
  return all.slice(0, APPOINTMENTS);
}

async function measure(name: string, target: DatabaseTarget) {
  const { store } = await openStore(target);
  try {
    const receivedAt = new Date(NOW.getTime() - 86_400_000);
    let n = 0;
    for (const { date, time } of slots()) {
      n += 1;
      await store.addRequest(
        {
          reference: `DS-WEEK-${String(n).padStart(4, "0")}`,
          requestKey: `bench-week-${n}`,
          request: { fullName: "Meera Iyer", mobile: "+919900012345", email: "meera@example.test", mode: "video", reason: "Rash.", consent: "yes", preferredDate: date, time } as never,
          receivedAt,
          consent: { version: "bench", givenAt: receivedAt },
          appointment: requestedAppointment(receivedAt, indiaInstant(date, time)),
        },
        [],
      );
    }
    const week = weekOf(TODAY);
    for (let i = 0; i < WARM_UP; i++) await staffDays(store, week, NOW);
    const durations: number[] = [];
    let held = 0;
    for (let i = 0; i < CALLS; i++) {
      const start = performance.now();
      const days = await staffDays(store, week, NOW);
      durations.push(performance.now() - start);
      held = days.flatMap((day) => day.slots).filter((slot) => slot.reference).length;
    }
    durations.sort((a, b) => a - b);
    console.log(`${name}: the week (${held} appointments shown of ${APPOINTMENTS} stored): p50 ${percentile(durations, 50).toFixed(1)} ms, p99 ${percentile(durations, 99).toFixed(1)} ms`);
  } finally {
    await store.close();
  }
}

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-week-bench-"));
try {
  await measure("SQLite", { engine: "sqlite", path: path.join(temp, "clinic.db") });
} finally {
  fs.rmSync(temp, { recursive: true, force: true });
}
const server = await startPostgres();
try {
  await measure("PostgreSQL", { engine: "postgres", url: await server.createDatabase() });
} finally {
  await server.stop();
}
