// docs/benchmarks.md is written by more than one benchmark: `npm run bench` (the article page, the build) and
// `npm run bench:booking` (booking). Each replaces only its own sections, so running one keeps the other's figures.
// Also the machine's description, the same in every section that needs it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FILE = path.join(ROOT, "docs/benchmarks.md");

/** The first line a tool prints about its version, up to `end` (its copyright notice, for one). */
export function toolVersion(command: string, args: string[], end?: RegExp): string {
  const run = spawnSync(command, args, { encoding: "utf8" });
  const line = `${run.stdout}${run.stderr}`.trim().split("\n")[0];
  return end ? line.split(end)[0].trim() : line;
}

/** The machine and the software measured, one line each; `tools` are the versions of what the benchmark ran. */
export function describeMachine(tools: string[]): string[] {
  const release = fs.existsSync("/etc/os-release")
    ? (fs.readFileSync("/etc/os-release", "utf8").match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1] ?? "Linux")
    : os.type();
  const cpus = os.cpus();
  const nextVersion = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/next/package.json"), "utf8")).version;
  return [
    `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory`,
    `${release}, Linux ${os.release()}`,
    [`Node ${process.version}`, `Next.js ${nextVersion}`, ...tools].join(", "),
  ];
}

/** Splits the file into its preamble and its "## " sections, by heading. */
function sections(text: string): { preamble: string; byHeading: Map<string, string> } {
  const parts = text.split(/^(?=## )/m);
  const preamble = parts[0].startsWith("## ") ? "" : parts.shift()!;
  return { preamble, byHeading: new Map(parts.map((part) => [part.split("\n")[0].trim(), part.replace(/\n*$/, "\n")])) };
}

/**
 * Writes `markdown`'s "## " sections into docs/benchmarks.md in place of the sections of the same headings, keeping
 * every other section; `preamble` replaces the text before the first section.
 */
export function writeBenchmarkSections(markdown: string, preamble?: string): void {
  const current = sections(fs.existsSync(FILE) ? fs.readFileSync(FILE, "utf8") : "# Benchmarks\n");
  for (const [heading, section] of sections(markdown).byHeading) current.byHeading.set(heading, section);
  const text = [(preamble ?? current.preamble).replace(/\n*$/, "\n"), ...current.byHeading.values()].join("\n");
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  fs.writeFileSync(FILE, text);
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A Markdown table: the first `left` columns are text, the rest figures. */
export function markdownTable(header: string[], left: number, rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i < left ? "---" : "---:"))), ...rows.map(line)];
}
