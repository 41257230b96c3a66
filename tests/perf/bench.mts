// `npm run bench`: how fast the article page is served, against the physical limit of this machine, and how the
// build grows with the number of articles. One run, one machine:
// - wrk against the microneedling article from `next start`, from nginx serving the prerendered HTML file directly
//   (the limit), and through the production set-up (deploy/nginx.conf in front of `next start`);
// - `next build` of a temporary copy with the one real article, then with 1,000 (BENCH_ARTICLES) generated ones.
// Prints the figures and writes them, with the machine's description, to docs/benchmarks.md.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describeMachine, toolVersion, writeBenchmarkSections } from "./benchmarks-file.mjs";
import { measureBuildScaling, type BuildScaling } from "./build-scaling.mjs";
import { deployConfig, fileServerConfig, NGINX_PATH, startNginx } from "../support/nginx";
import { startSite } from "../support/site";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ARTICLE = "/articles/microneedling-benefits-and-side-effects";
const WRK_PATH = process.env.WRK_PATH ?? "/usr/bin/wrk";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 1000);

interface Load {
  requestsPerSecond: number;
  p99Ms: number;
  /** Requests wrk gave up on (after 30 s) or lost to a socket error. */
  errors: number;
}

function ensureDebianPackages(): void {
  const missing = [
    { name: "wrk", file: WRK_PATH },
    { name: "nginx", file: NGINX_PATH },
  ].filter(({ file }) => !fs.existsSync(file));
  if (missing.length === 0) return;
  const names = missing.map(({ name }) => name);
  if (process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get")) {
    console.log(`Installing Debian's ${names.join(" and ")}`);
    spawnSync("apt-get", ["update"], { stdio: "inherit" });
    spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...names], { stdio: "inherit" });
  }
  const still = missing.filter(({ file }) => !fs.existsSync(file));
  if (still.length > 0) throw new Error(`The benchmark needs ${still.map(({ name }) => name).join(" and ")}: apt-get install ${names.join(" ")}`);
}

function milliseconds(figure: string): number {
  const match = figure.match(/^([\d.]+)(us|ms|s)$/);
  if (!match) throw new Error(`wrk printed a latency I cannot read: ${figure}`);
  const value = Number(match[1]);
  return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
}

/** One wrk run at saturation. Slow answers count in the latency (wrk waits up to 30 s); wrong answers stop the run. */
function wrk(url: string, seconds = SECONDS): Load {
  const run = spawnSync(
    WRK_PATH,
    ["-t2", `-c${CONNECTIONS}`, `-d${seconds}s`, "--timeout", "30s", "--latency", url],
    { encoding: "utf8" },
  );
  const output = run.stdout;
  if (run.status !== 0 || /Non-2xx/.test(output)) throw new Error(`wrk against ${url} failed:\n${output}${run.stderr}`);
  const requestsPerSecond = Number(output.match(/Requests\/sec:\s+([\d.]+)/)?.[1]);
  const p99 = output.match(/^\s+99%\s+(\S+)/m)?.[1];
  if (!requestsPerSecond || !p99) throw new Error(`wrk printed no figures:\n${output}`);
  const socketErrors = output.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const errors = socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return { requestsPerSecond, p99Ms: milliseconds(p99), errors };
}

/** The median round by requests per second, so one disturbed round does not decide the figure. */
function median(loads: Load[]): Load {
  return [...loads].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(loads.length / 2)];
}

async function measureServing(): Promise<Record<"next" | "nginx" | "proxy", Load>> {
  const site = await startSite({ BOOKING_LIMIT: "off" });
  const nextPort = Number(new URL(site.url).port);
  const direct = await startNginx((listenPort) => fileServerConfig({ listenPort, root: path.join(ROOT, ".next/server/app") }));
  const proxy = await startNginx((listenPort, dir) => deployConfig({ listenPort, nextPorts: [nextPort, nextPort], cacheDir: path.join(dir, "cache") }));
  try {
    const targets = { next: site.url, nginx: direct.url, proxy: proxy.url };
    // A short untimed run each first, with wrk's own headers: it fills nginx's cache with the variant wrk asks for
    // and lets Node compile the page's hot paths, so the rounds measure the steady state.
    for (const url of Object.values(targets)) wrk(`${url}${ARTICLE}`, 2);
    const rounds: Record<keyof typeof targets, Load[]> = { next: [], nginx: [], proxy: [] };
    // Rounds alternate between the servers so a slow spell of the machine falls on all three alike.
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, url] of Object.entries(targets) as [keyof typeof targets, string][]) {
        const load = wrk(`${url}${ARTICLE}`);
        rounds[name].push(load);
        console.log(
          `  round ${round} ${name}: ${load.requestsPerSecond.toFixed(0)} req/s, p99 ${load.p99Ms.toFixed(2)} ms, ` +
            `${load.errors} errors`,
        );
      }
    }
    return { next: median(rounds.next), nginx: median(rounds.nginx), proxy: median(rounds.proxy) };
  } finally {
    await proxy.stop();
    await direct.stop();
    await site.stop();
  }
}

const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);

/** The sections of docs/benchmarks.md this benchmark writes (`npm run bench:booking` writes "## Booking"). */
function report(serving: Record<"next" | "nginx" | "proxy", Load>, build: BuildScaling): string {
  const limit = serving.nginx.requestsPerSecond;
  const row = (label: string, load: Load) =>
    `| ${label} | ${Math.round(load.requestsPerSecond).toLocaleString("en")} | ${load.p99Ms.toFixed(2)} | ${load.errors} | ` +
    `${((100 * load.requestsPerSecond) / limit).toFixed(0)} % |`;
  const proxyShare = (100 * serving.proxy.requestsPerSecond) / limit;
  const machine = describeMachine([
    toolVersion(NGINX_PATH, ["-v"]).replace("nginx version: ", ""),
    toolVersion(WRK_PATH, ["-v"], / \[| Copyright/),
  ]);
  return [
    "## Machine",
    "",
    ...machine.map((line) => `- ${line}`),
    "- wrk and the servers share the machine's cores, so every figure is lower than on a server of its own.",
    "",
    "## The article page",
    "",
    `\`${ARTICLE}\`, prerendered at build time. wrk with 2 threads and ${CONNECTIONS} keep-alive connections for ` +
      `${SECONDS} s, no compression; the median of ${ROUNDS} rounds, which alternate between the servers.`,
    "",
    "| served by | requests/s | p99 latency (ms) | errors | of nginx serving the file |",
    "| --- | ---: | ---: | ---: | ---: |",
    row("nginx serving the prerendered HTML file (the limit)", serving.nginx),
    row("`next start`", serving.next),
    row("deploy/nginx.conf in front of `next start` (production)", serving.proxy),
    "",
    `Through the production set-up the article page is served at ${proxyShare.toFixed(0)} % of the limit ` +
      `(target: 80 % or more, ${proxyShare >= 80 ? "met" : "NOT met"}). \`next start\` alone reaches ` +
      `${((100 * serving.next.requestsPerSecond) / limit).toFixed(0)} %.`,
    "",
    "## Build time and the number of articles",
    "",
    "`next build` of a temporary copy of the project (never committed), with generated articles added.",
    "",
    "| articles | build time (s) |",
    "| ---: | ---: |",
    `| 1 | ${build.oneArticleSeconds.toFixed(1)} |`,
    `| ${build.manyArticles.toLocaleString("en")} | ${build.manyArticlesSeconds.toFixed(1)} |`,
    "",
    `Each article beyond the first costs ${build.perArticleMs.toFixed(1)} ms of build time. During the build with ` +
      `${build.manyArticles.toLocaleString("en")} articles, no article file was read more than ` +
      `${times(build.readsPerArticleFile)} or rendered more than ${times(build.rendersPerArticle)}, across all of ` +
      "`next build`'s processes.",
    "",
  ].join("\n");
}

ensureDebianPackages();
if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("No production build: run `npm run build` first.");
console.log(`Serving ${ARTICLE} (${ROUNDS} rounds of ${SECONDS} s each)`);
const serving = await measureServing();
console.log(`Building with 1 and ${ARTICLES} articles (a temporary copy)`);
const build = await measureBuildScaling({ articles: ARTICLES });
const markdown = report(serving, build);
const preamble =
  "# Benchmarks\n\n" +
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, and "Booking" by ` +
  "`npm run bench:booking`. Do not edit: run them again.\n";
writeBenchmarkSections(markdown, preamble);
console.log(`\n${markdown}\nWritten to docs/benchmarks.md`);
