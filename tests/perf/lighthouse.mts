// Lighthouse (mobile settings) against the production build (`npm run build` first), served by `next start` on
// 127.0.0.1 and stopped by its PID. Prints the four category scores per page; exits non-zero when accessibility,
// best practices or SEO is below 100 on any page (performance is reported, not enforced: it depends on the machine).
// Usage: tsx tests/perf/lighthouse.mts [--json report.json] [/path ...]
// Pages carry canonical URLs from SITE_URL at build time: build with SITE_URL=http://127.0.0.1:<port> and pass the
// same port as LIGHTHOUSE_PORT so that the canonical addresses are the served ones (tests/run.mjs does this).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../support/browser";
import { freePort } from "../support/site";

const root = path.resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const jsonAt = args.indexOf("--json");
const jsonReport = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
// The English pages, and the Kannada and Hindi home, article list and form at the same bars.
const pages = args.length
  ? args
  : ["/", "/articles", "/articles/microneedling-benefits-and-side-effects", "/book", "/privacy"].concat(
      ["kn", "hi"].flatMap((language) => [`/${language}`, `/${language}/articles`, `/${language}/book`]),
    );
const ENFORCED = ["accessibility", "best-practices", "seo"];
const CATEGORIES = ["performance", ...ENFORCED];
const METRICS = {
  "first-contentful-paint": "FCP",
  "largest-contentful-paint": "LCP",
  "total-blocking-time": "TBT",
  "cumulative-layout-shift": "CLS",
  "speed-index": "SI",
};

/** Waits for `ready(line)` on the child's output, or fails when it exits or `seconds` pass. */
function waitFor<T>(
  child: ChildProcess,
  ready: (output: string) => T | undefined | false,
  seconds: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${seconds} s:\n${output}`)), seconds * 1000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const found = ready(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}):\n${output}`));
    });
  });
}

const port = Number(process.env.LIGHTHOUSE_PORT) || (await freePort());
const base = `http://127.0.0.1:${port}`;
const server = spawn(
  process.execPath,
  [path.join(root, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)],
  { cwd: root, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SITE_URL: base }, stdio: "pipe" },
);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-lighthouse-"));
const chrome = spawn(
  process.env.CHROME_PATH ?? CHROMIUM_PATH,
  [
    "--headless",
    ...CHROMIUM_FLAGS,
    "--remote-debugging-port=0",
    `--user-data-dir=${profile}`,
    "about:blank",
  ],
  { stdio: "pipe" },
);

const rows = [];
let failed = false;
try {
  await waitFor(server, (output) => output.includes("Ready"), 30, "next start");
  const chromePort = await waitFor(
    chrome,
    (output) => output.match(/DevTools listening on ws:\/\/[^:]+:(\d+)\//)?.[1],
    30,
    "Chromium",
  );
  console.log(`Lighthouse (mobile) against ${base}`);
  console.log(`page | ${CATEGORIES.join(" | ")}`);
  console.log(`--- | ${CATEGORIES.map(() => "---").join(" | ")}`);
  for (const pagePath of pages) {
    const result = await lighthouse(`${base}${pagePath}`, {
      port: Number(chromePort),
      onlyCategories: CATEGORIES,
      logLevel: "error",
      output: "json",
    });
    if (!result) throw new Error(`Lighthouse returned no result for ${pagePath}`);
    const { categories, audits } = result.lhr;
    const scores = Object.fromEntries(CATEGORIES.map((id) => [id, Math.round((categories[id]?.score ?? 0) * 100)]));
    const short = ENFORCED.filter((id) => scores[id] < 100);
    rows.push({ page: pagePath, scores });
    console.log(`${pagePath} | ${CATEGORIES.map((id) => scores[id]).join(" | ")}${short.length ? "  ✗" : ""}`);
    // What the performance score is made of, so a low one says where the time goes.
    console.log(`    performance: ${Object.entries(METRICS).map(([id, name]) => `${name} ${audits[id].displayValue}`).join(", ")}`);
    for (const id of short) {
      failed = true;
      for (const ref of categories[id].auditRefs) {
        const audit = audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          console.log(`    ${id}: ${audit.id}: ${audit.title}`);
        }
      }
    }
  }
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  // Wait for Chromium to be gone before removing its profile: it may still be writing to it.
  const chromeGone = chrome.exitCode !== null || chrome.signalCode !== null ? null : once(chrome, "exit");
  chrome.kill("SIGKILL");
  server.kill("SIGTERM");
  await chromeGone;
  try {
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (error) {
    // A leftover temporary folder is not a failed check.
    console.warn(`Could not remove ${profile}: ${(error as Error).message}`);
  }
}
if (jsonReport) fs.writeFileSync(jsonReport, JSON.stringify(rows, null, 2));
process.exit(failed ? 1 : 0);
