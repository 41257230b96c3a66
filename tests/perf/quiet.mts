// Waiting for a quiet machine before a measurement, and saying how quiet it was: other test runs may share the
// machine's cores, and a figure taken while they run says little. Busy is the share of all cores' time not idle over
// two seconds (/proc/stat), which a load average, trailing by a minute, does not show at the moment measured; during a
// measurement, the share of CPU time that went to processes other than the benchmark's own.
import fs from "node:fs";

const MOST_BUSY = Number(process.env.QUIET_BUSY_PERCENT ?? 20) / 100;
const LONGEST_WAIT_MS = Number(process.env.QUIET_WAIT_SECONDS ?? 180) * 1000;

function cpuTimes(): { idle: number; total: number } {
  const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are the time no work ran.
  return { idle: fields[3] + (fields[4] ?? 0), total: fields.slice(0, 8).reduce((sum, value) => sum + value, 0) };
}

/** The share of the machine's CPU time that was busy over the next `ms`. */
export async function busyShare(ms = 2000): Promise<number> {
  if (!fs.existsSync("/proc/stat")) return NaN;
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTimes();
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : NaN;
}

const seen: number[] = [];
const othersSeen: number[] = [];

/** What a process of this benchmark is, by its command's name: the sites, the database, the proxy, or the benchmark. */
export type Role = "site" | "database" | "proxy" | "benchmark" | "other";

function roleOf(pid: number, command: string): Role {
  if (pid === process.pid) return "benchmark";
  if (command.startsWith("next")) return "site";
  if (command.startsWith("postgres")) return "database";
  if (command.startsWith("nginx")) return "proxy";
  return "other";
}

/**
 * CPU time (clock ticks) used by this process and every process under it, by role. Children's ended and reaped
 * children count with them (PostgreSQL's connections with the server); this process's own children's do not, as a
 * site stopped would otherwise count as the benchmark.
 */
function treeTicks(): Map<Role, number> {
  const parents = new Map<number, number>();
  const processes = new Map<number, { command: string; own: number; reaped: number }>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      // Fields after the command's closing bracket: state, ppid, … utime, stime, cutime, cstime (stat(5): 3, 4, … 14-17).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
      parents.set(Number(name), fields[1]);
      processes.set(Number(name), { command, own: fields[11] + fields[12], reaped: fields[13] + fields[14] });
    } catch {
      // The process ended meanwhile.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = parents.get(at)) if (at === process.pid) return true;
    return false;
  };
  const ticks = new Map<Role, number>();
  for (const [pid, { command, own, reaped }] of processes) {
    if (!inTree(pid)) continue;
    const role = roleOf(pid, command);
    ticks.set(role, (ticks.get(role) ?? 0) + own + (pid === process.pid ? 0 : reaped));
  }
  return ticks;
}

export interface CpuUse {
  /** The share of the machine's CPU capacity that went to processes outside this benchmark's own. */
  others: number;
  /** CPU milliseconds each role of the benchmark's own processes used. */
  ms: Record<Role, number>;
}

const TICK_MS = 10;

/**
 * Starts counting the machine's CPU time; the function returned says how it was spent since then: by this
 * benchmark's own processes (this one, the patrons and the SMTP server; the sites, PostgreSQL, nginx) and by others.
 */
export function cpuMeter(): () => CpuUse {
  const roles: Role[] = ["site", "database", "proxy", "benchmark", "other"];
  const unknown = { others: NaN, ms: Object.fromEntries(roles.map((role) => [role, NaN])) as Record<Role, number> };
  if (!fs.existsSync("/proc/stat")) return () => unknown;
  const machine = cpuTimes();
  const ours = treeTicks();
  return () => {
    const now = cpuTimes();
    const after = treeTicks();
    const ms = Object.fromEntries(roles.map((role) => [role, ((after.get(role) ?? 0) - (ours.get(role) ?? 0)) * TICK_MS])) as Record<Role, number>;
    const total = now.total - machine.total;
    const busy = total - (now.idle - machine.idle);
    const mine = Object.values(ms).reduce((sum, value) => sum + value, 0) / TICK_MS;
    const others = total > 0 ? Math.max(0, busy - mine) / total : NaN;
    othersSeen.push(others);
    return { others, ms };
  };
}

/**
 * Waits, up to QUIET_WAIT_SECONDS (180), until the machine is at most QUIET_BUSY_PERCENT (20) busy, and returns how
 * busy it was when the measurement started, also kept for quietness().
 */
export async function waitForQuiet(what: string): Promise<number> {
  const deadline = Date.now() + LONGEST_WAIT_MS;
  let busy = await busyShare();
  while (busy > MOST_BUSY && Date.now() < deadline) {
    console.log(`    the machine is ${(busy * 100).toFixed(0)} % busy: waiting before ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    busy = await busyShare();
  }
  if (busy > MOST_BUSY) console.log(`    still ${(busy * 100).toFixed(0)} % busy after ${LONGEST_WAIT_MS / 1000} s: measuring anyway`);
  seen.push(busy);
  return busy;
}

/** How busy the machine was before the measurements, in words for the benchmarks file. */
export function quietness(): string {
  if (seen.length === 0 || seen.some(Number.isNaN)) return "how busy the machine was otherwise is not known";
  const range = (values: number[]) => {
    const [low, high] = [Math.min(...values), Math.max(...values)];
    return low === high ? percent(low) : `${percent(low)} to ${percent(high)}`;
  };
  const high = Math.max(...seen);
  const during = othersSeen.filter((share) => !Number.isNaN(share));
  return (
    `other work (other engineers' test runs) shared the machine: in the 2 s before each measurement it was ${range(seen)} ` +
    `busy${high > MOST_BUSY ? ` (the benchmark waits up to ${LONGEST_WAIT_MS / 1000} s for ${percent(MOST_BUSY)} or less)` : ""}` +
    (during.length > 0 ? `, and during the measurements other processes took ${range(during)} of its CPU time` : "")
  );
}

/** "12 %". */
export function percent(share: number): string {
  return Number.isNaN(share) ? "?" : `${Math.round(share * 100)} %`;
}
