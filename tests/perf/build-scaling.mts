// `npm run bench:build [N]`: how the production build's time grows with the number of articles. Builds a temporary
// copy of the site with one article (after an uncounted warm-up build), then with N (default 1000; N-1 generated),
// and counts with count-article-reads.cjs how often each article file is read and rendered across next build's
// processes. The generated articles exist only in the copy, which is removed afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PRELOAD = path.join(import.meta.dirname, "count-article-reads.cjs");
// Build output, local state and history are not part of the site's source; node_modules is linked, not copied.
const NOT_COPIED = new Set(["node_modules", ".next", "out", "var", ".git", "test-results"]);

export interface BuildScaling {
  oneArticleSeconds: number;
  manyArticles: number;
  manyArticlesSeconds: number;
  /** Build time added by each article beyond the first. */
  perArticleMs: number;
  /** The most times any one article file was read during the build with manyArticles. */
  readsPerArticleFile: number;
  /** The most times any one article was rendered (read by the site's code) during the build with manyArticles. */
  rendersPerArticle: number;
}

interface ReadCounts {
  readsPerArticleFile: number;
  rendersPerArticle: number;
  /** Renders per process, for the processes that rendered articles. */
  rendersByProcess: Map<number, number>;
  processesStarted: number;
}

export async function measureBuildScaling(options: { articles?: number } = {}): Promise<BuildScaling> {
  const manyArticles = options.articles ?? 1000;
  if (!Number.isInteger(manyArticles) || manyArticles < 2) throw new Error("articles must be a whole number, 2 or more");
  const temp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-build-scaling-")));
  try {
    const site = copySite(path.join(temp, "site"));
    const articlesDir = path.join(site, "content", "articles");
    const [kept, ...others] = fs.readdirSync(articlesDir).filter((name) => name.endsWith(".md")).sort();
    for (const name of others) fs.rmSync(path.join(articlesDir, name));

    // The first build in a fresh copy takes far longer than the next ones (about 50 s against 30 s here), whatever
    // the number of articles: it warms up and is not counted.
    await build(site, path.join(temp, "warm-up.log"));
    const one = await build(site, path.join(temp, "reads-1.log"));
    console.error(`1 article (${kept}): ${one.seconds.toFixed(1)} s (${one.steps}); ${describeCounts(one.counts)}`);

    writeGeneratedArticles(articlesDir, manyArticles - 1);
    const many = await build(site, path.join(temp, `reads-${manyArticles}.log`));
    console.error(`${manyArticles} articles: ${many.seconds.toFixed(1)} s (${many.steps}); ${describeCounts(many.counts)}`);

    return {
      oneArticleSeconds: one.seconds,
      manyArticles,
      manyArticlesSeconds: many.seconds,
      perArticleMs: ((many.seconds - one.seconds) * 1000) / (manyArticles - 1),
      readsPerArticleFile: many.counts.readsPerArticleFile,
      rendersPerArticle: many.counts.rendersPerArticle,
    };
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

function copySite(site: string): string {
  fs.cpSync(ROOT, site, {
    recursive: true,
    filter: (source) => path.dirname(source) !== ROOT || !NOT_COPIED.has(path.basename(source)),
  });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(site, "node_modules"), "dir");
  return site;
}

/** A cold production build of `site` (its .next removed first), timed, with every article read logged to `log`. */
async function build(site: string, log: string): Promise<{ seconds: number; steps: string; counts: ReadCounts }> {
  fs.rmSync(path.join(site, ".next"), { recursive: true, force: true });
  fs.writeFileSync(log, "");
  const output = path.join(path.dirname(log), `${path.basename(log, ".log")}.build-output.txt`);
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    ARTICLE_READS_LOG: log,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(PRELOAD)}`.trim(),
    // Turbopack compiles only files under the project's root, and the linked node_modules resolves outside the
    // copy; the directory holding both is the root, as a monorepo's would be.
    NEXT_PRIVATE_OUTPUT_TRACE_ROOT: commonAncestor(site, fs.realpathSync(path.join(ROOT, "node_modules"))),
  };
  const started = performance.now();
  const out = fs.openSync(output, "w");
  try {
    const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      cwd: site,
      env,
      stdio: ["ignore", out, out],
    });
    const code = await exitCode(child);
    if (code !== 0) {
      const tail = fs.readFileSync(output, "utf8").split("\n").slice(-40).join("\n");
      throw new Error(`next build ${code === null ? "was stopped" : `exited with ${code}`}:\n${tail}`);
    }
  } finally {
    fs.closeSync(out);
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, steps: stepTimes(fs.readFileSync(output, "utf8")), counts: countReads(log) };
}

/** next build's own timings (compile, type-check, static pages), to see where the time went. */
function stepTimes(output: string): string {
  return output
    .split("\n")
    .map((line) => line.replace(/^\W+/, "").trim())
    .filter((line) => /^(Compiled|Finished|Generating static pages).* in \d/.test(line))
    .join("; ");
}

/** The child's exit code; Ctrl-C stops the build too, so the temporary copy is still removed. */
function exitCode(child: ChildProcess): Promise<number | null> {
  const stop = () => child.kill("SIGTERM");
  process.once("SIGINT", stop);
  return new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  }).finally(() => process.off("SIGINT", stop));
}

function commonAncestor(a: string, b: string): string {
  const left = a.split(path.sep);
  const right = b.split(path.sep);
  let shared = 0;
  while (shared < left.length && left[shared] === right[shared]) shared++;
  return left.slice(0, shared).join(path.sep) || path.sep;
}

function countReads(log: string): ReadCounts {
  const reads = new Map<string, number>();
  const renders = new Map<string, number>();
  const rendersByProcess = new Map<number, number>();
  let processesStarted = 0;
  for (const line of fs.readFileSync(log, "utf8").split("\n")) {
    if (!line) continue;
    const entry = JSON.parse(line) as { pid: number; op: string; file?: string; site?: boolean };
    if (entry.op === "start") {
      processesStarted++;
    } else if (entry.file) {
      reads.set(entry.file, (reads.get(entry.file) ?? 0) + 1);
      if (entry.site) {
        renders.set(entry.file, (renders.get(entry.file) ?? 0) + 1);
        rendersByProcess.set(entry.pid, (rendersByProcess.get(entry.pid) ?? 0) + 1);
      }
    }
  }
  return {
    readsPerArticleFile: Math.max(0, ...reads.values()),
    rendersPerArticle: Math.max(0, ...renders.values()),
    rendersByProcess,
    processesStarted,
  };
}

function describeCounts(counts: ReadCounts): string {
  const byProcess = [...counts.rendersByProcess].map(([pid, renders]) => `${pid}: ${renders}`).join(", ");
  return (
    `each article file read at most ${counts.readsPerArticleFile}x and rendered at most ${counts.rendersPerArticle}x; ` +
    `${counts.processesStarted} Node processes, ${counts.rendersByProcess.size} rendered articles (${byProcess || "none"})`
  );
}

// Generated articles: what the clinic writes about, in the shape of the real article (sections, a list, advice).
const TOPICS = [
  { name: "Acne scars", procedure: "Microneedling", tags: ["acne", "scars"] },
  { name: "Melasma", procedure: "Chemical peel", tags: ["pigmentation"] },
  { name: "Hair fall", procedure: "PRP therapy", tags: ["hair"] },
  { name: "Psoriasis", tags: ["psoriasis", "chronic conditions"] },
  { name: "Eczema", tags: ["eczema", "sensitive skin"] },
  { name: "Rosacea", tags: ["rosacea", "redness"] },
  { name: "Dark circles", procedure: "Under-eye filler", tags: ["under-eye"] },
  { name: "Open pores", procedure: "Fractional laser", tags: ["pores", "procedures"] },
  { name: "Sun damage", tags: ["sun protection", "pigmentation"] },
  { name: "Fungal infections", tags: ["infections"] },
  { name: "Vitiligo", procedure: "Phototherapy", tags: ["vitiligo"] },
  { name: "Warts", procedure: "Cryotherapy", tags: ["warts", "procedures"] },
];

const ANGLES = [
  "what causes it and how it is treated",
  "myths and facts",
  "questions patients ask in the clinic",
  "a skin care routine that helps",
  "when to see a dermatologist",
  "treatment options compared",
  "care in the monsoon",
  "care in the summer",
];

const ADVICE = [
  "Use a broad-spectrum sunscreen of SPF 30 or more every morning",
  "Wash your face twice a day with a gentle cleanser",
  "Do not pick or squeeze the affected skin",
  "Patch-test a new product on your forearm first",
  "Keep your skin moisturised, especially after a bath",
  "Avoid steroid creams bought without a prescription",
  "Drink enough water and sleep well",
  "Follow up with your dermatologist as advised",
];

function writeGeneratedArticles(dir: string, count: number): void {
  const firstDay = Date.UTC(2018, 0, 1);
  for (let i = 0; i < count; i++) {
    const topic = TOPICS[i % TOPICS.length];
    const angle = ANGLES[Math.floor(i / TOPICS.length) % ANGLES.length];
    const round = Math.floor(i / (TOPICS.length * ANGLES.length));
    const title = `${topic.name}: ${angle}${round ? ` (part ${round + 1})` : ""}`;
    const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}-${i + 1}`;
    const date = new Date(firstDay + ((i * 3) % 2900) * 86_400_000).toISOString().slice(0, 10);
    const advice = Array.from({ length: 3 + (i % 4) }, (_, k) => `- ${ADVICE[(i + k) % ADVICE.length]}`).join("\n");
    const frontmatter = [
      `title: ${JSON.stringify(title)}`,
      `date: "${date}"`,
      `description: ${JSON.stringify(`${topic.name} explained by a dermatologist: ${angle}, with advice for Indian skin.`)}`,
      `tags: [${topic.tags.join(", ")}]`,
      ...(topic.procedure ? [`procedure: ${topic.procedure}`] : []),
    ].join("\n");
    const body = `${topic.name} is one of the most common reasons patients visit a dermatologist. This article covers ${angle}, so that you know what to expect and when to ask for help.

Every skin is different, and what works for one person may not work for another. The advice below is general; a consultation is the place for advice about your own skin.

## What is ${topic.name.toLowerCase()}?

${topic.name} can appear at any age. It often runs in families, and it can be made worse by heat, humidity, stress and some cosmetics. Early care usually means simpler treatment and better results.

## What helps

${advice}

## Treatment in the clinic

${topic.procedure ? `${topic.procedure} is one of the treatments the dermatologist may suggest, often in several sessions a few weeks apart.` : "The dermatologist may suggest creams, tablets or a procedure, depending on how severe it is and how long you have had it."} Results vary with skin type and with how closely the treatment plan is followed.

### After a treatment

Avoid direct sun for a few days and use only the products your dermatologist recommends. *Mild redness is common*; **severe pain, swelling or blisters** are a reason to call the clinic at once.
`;
    fs.writeFileSync(path.join(dir, `${slug}.md`), `---\n${frontmatter}\n---\n\n${body}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const articles = process.argv[2] ? Number(process.argv[2]) : undefined;
  const result = await measureBuildScaling({ articles });
  console.log(`Build with 1 article: ${result.oneArticleSeconds.toFixed(1)} s`);
  console.log(`Build with ${result.manyArticles} articles: ${result.manyArticlesSeconds.toFixed(1)} s`);
  console.log(`Per article beyond the first: ${result.perArticleMs.toFixed(1)} ms`);
  console.log(`Reads of one article file per build (most): ${result.readsPerArticleFile}`);
  console.log(`Renders of one article per build (most): ${result.rendersPerArticle}`);
}
