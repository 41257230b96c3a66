// The project's one test command (`npm test`, under Node.js 24: `scripts/with-node24 npm test`): build, type-check,
// lint, unit/component/integration suites (the store's against SQLite and a real PostgreSQL; the date rules twice,
// in two time zones; all of them again with the clock moved far ahead), then end-to-end in Chromium against the production build (directly, through nginx with
// deploy/nginx.conf, and as two servers on one PostgreSQL), then Lighthouse on the main pages.
// Ends with one line "Tests: N passed, M failed" over every suite, and exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

if (Number(process.versions.node.split(".")[0]) < 24) {
  console.error(`The tests need Node.js 24 or later (this is ${process.version}): run scripts/with-node24 npm test`);
  console.log("Tests: 0 passed, 1 failed");
  process.exit(1);
}

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
// Lighthouse serves the build on this port; the build's canonical URLs (from SITE_URL) must be the served ones.
const lighthousePort = await new Promise((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  SITE_URL: `http://127.0.0.1:${lighthousePort}`,
  LIGHTHOUSE_PORT: String(lighthousePort),
};
const results = [];
/** libfaketime's command, which runs a program with its clock moved. */
const FAKETIME = "/usr/bin/faketime";
/**
 * The far date the unit and integration tests run at once more: a Sunday evening in India (19:45 IST), the day before
 * a leap day, more than a year ahead. A test that mixes fixed dates with the wall clock, or picks "the next open
 * day" from now, fails here rather than on the day the calendar reaches it. The clock runs on from there. It is given
 * as an offset from now, not a start time ("@…"), which libfaketime would apply from each process's own start: the
 * worker processes a test starts later would live in the past of the test that started them.
 */
const MOVED_TO = "2028-02-27T14:15:00Z";
const MOVED_CLOCK = `+${Math.round((Date.parse(MOVED_TO) - Date.now()) / 1000)}`;

function run(command, args, extraEnv = {}) {
  const started = process.hrtime.bigint();
  const { status } = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  return { ok: status === 0, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** A step that is one check (build, type-check, lint): passed or failed as a whole. */
function check(name, command, args) {
  console.log(`\n▶ ${name}`);
  const { ok, seconds } = run(command, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, seconds });
  return ok;
}

/**
 * A vitest run: counts its tests from its JSON report; a run that reports nothing counts as one failure. `prefix` is a
 * command to run vitest under (faketime, to move the clock).
 */
function vitest(name, args, extraEnv = {}, prefix = []) {
  console.log(`\n▶ ${name}`);
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-tests-")), "report.json");
  const vitestArgs = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args];
  const { ok, seconds } =
    prefix.length > 0 ? run(prefix[0], [...prefix.slice(1), bin("vitest"), ...vitestArgs], extraEnv) : run(bin("vitest"), vitestArgs, extraEnv);
  let passed = 0;
  let failed = ok ? 0 : 1;
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, "utf8"));
    passed = json.numPassedTests;
    failed = json.numFailedTests + (ok || json.numFailedTests > 0 ? 0 : 1);
  }
  results.push({ name, passed, failed, seconds });
}

/** The folder of PostgreSQL's server programs, as the tests find it (tests/support/postgres.ts). */
function postgresBinDir() {
  const pgConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (pgConfig.status === 0) return pgConfig.stdout.trim();
  const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").sort((a, b) => b - a) : [];
  return versions.length > 0 ? `/usr/lib/postgresql/${versions[0]}/bin` : "/usr/lib/postgresql/15/bin";
}

/**
 * Debian's packages the tests run: Chromium, nginx for the production set-up, and PostgreSQL's server for the store
 * on that engine. Each is found by a file (a function: PostgreSQL's folder is known only once it is installed).
 */
function ensureDebianPackages() {
  const needed = [
    { name: "chromium", file: () => process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
    { name: "nginx", file: () => process.env.NGINX_PATH ?? "/usr/sbin/nginx" },
    { name: "postgresql", file: () => path.join(postgresBinDir(), "initdb") },
    { name: "faketime", file: () => FAKETIME },
  ];
  const missing = needed.filter(({ file }) => !fs.existsSync(file()));
  if (missing.length > 0 && process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get")) {
    console.log(`\n▶ Installing Debian's ${missing.map(({ name }) => name).join(", ")} for the tests`);
    spawnSync("apt-get", ["update"], { stdio: "inherit" });
    spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...missing.map(({ name }) => name)], { stdio: "inherit" });
  }
  for (const { name, file } of needed) {
    if (!fs.existsSync(file())) console.error(`${name} is needed at ${file()}: install it (apt-get install ${name}).`);
  }
}

ensureDebianPackages();
const built = check("Production build (next build)", bin("next"), ["build"]);
check("Type check (tsc --noEmit)", bin("tsc"), ["--noEmit"]);
check("Lint (ESLint with Next's rules)", bin("eslint"), ["--max-warnings", "0", "."]);
vitest("Unit, component and integration tests (TZ=UTC)", [], { TZ: "UTC" });
vitest(
  "Date and booking rules again (TZ=America/New_York)",
  ["--project", "unit", "tests/unit/booking-schema.test.ts", "tests/unit/india-time.test.ts", "tests/unit/appointment-schedule.test.ts", "tests/unit/appointment-states.test.ts", "tests/unit/articles.test.ts", "tests/unit/booking-email.test.ts", "tests/unit/diary.test.ts"],
  { TZ: "America/New_York" },
);
vitest(
  `Unit, component and integration tests with the clock moved to ${MOVED_TO} (faketime)`,
  [],
  { TZ: "UTC" },
  [FAKETIME, "-f", MOVED_CLOCK],
);
if (built) {
  vitest("End-to-end in Chromium against the production build", ["--config", "tests/e2e/vitest.config.mts"]);
} else {
  results.push({ name: "End-to-end (skipped: the build failed)", passed: 0, failed: 1, seconds: 0 });
}

/** Lighthouse: one check per page, passed when accessibility, best practices and SEO are all 100. */
function lighthouseChecks() {
  console.log("\n▶ Lighthouse (mobile): accessibility, best practices and SEO must be 100");
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-lighthouse-")), "report.json");
  const { seconds } = run(bin("tsx"), ["tests/perf/lighthouse.mts", "--json", report]);
  const rows = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, "utf8")) : [];
  if (rows.length === 0) results.push({ name: "Lighthouse (no report)", passed: 0, failed: 1, seconds });
  for (const { page, scores } of rows) {
    const ok = scores.accessibility === 100 && scores["best-practices"] === 100 && scores.seo === 100;
    const figures = Object.entries(scores).map(([category, score]) => `${category} ${score}`).join(", ");
    results.push({ name: `Lighthouse ${page} (${figures})`, passed: ok ? 1 : 0, failed: ok ? 0 : 1, seconds: seconds / rows.length });
  }
}

if (built) {
  lighthouseChecks();
} else {
  results.push({ name: "Lighthouse (skipped: the build failed)", passed: 0, failed: 1, seconds: 0 });
}

console.log("\nSummary");
for (const { name, passed, failed, seconds } of results) {
  console.log(`  ${failed ? "✗" : "✓"} ${name}: ${passed} passed, ${failed} failed (${seconds.toFixed(1)} s)`);
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
