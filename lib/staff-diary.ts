// The diary for staff at a terminal (`npm run diary`): each day ahead as its times (free, held with the reference,
// confirmed, blocked), and blocking or unblocking time. Blocking time that appointments hold is allowed: they keep
// their times and are listed, so staff move or cancel each one; nothing is cancelled silently.
import { randomInt } from "node:crypto";
import { diaryRules } from "./booking/free-times";
import { daySlots, isClockTime, type DiaryDay } from "./diary";
import { addDays, formatAppointmentDate, formatClockTime, indiaClock, indiaInstant, isCalendarDate, minutesOfDay } from "./india-time";
import type { ClinicStore, DiaryContents } from "./store/clinic-store";

const BLOCK_ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** What staff typed to block time, checked; or what is wrong with it. */
export function readBlock(args: string[]): { date: string; from: string; to: string; reason: string } | { error: string } {
  const [date, second, third] = args;
  if (!date || !isCalendarDate(date)) return { error: `"${date ?? ""}" is not a date: write it as YYYY-MM-DD, such as 2026-12-24.` };
  const hours = third === undefined ? undefined : second;
  const reason = (third ?? second ?? "").trim();
  if (!reason) return { error: 'Say why, in quotes: npm run diary -- block 2026-12-24 "Clinic holiday"' };
  if (hours === undefined) return { date, from: "00:00", to: "24:00", reason };
  const [from, to] = hours.split("-");
  if (!isClockTime(from ?? "") || !isClockTime(to ?? "") || minutesOfDay(from) >= minutesOfDay(to)) {
    return { error: `"${hours}" is not a stretch of hours: write it as HH:MM-HH:MM on the 24-hour clock, such as 14:00-16:30.` };
  }
  return { date, from, to, reason };
}

/** What blocking did: the block's id, the time it covers in words, and the appointments that hold times in it. */
export interface Blocked {
  id: string;
  what: string;
  held: string[];
}

/**
 * Blocks the time staff typed (`args` as readBlock reads them) at `now`, by the staff member `blockedById` (null at
 * the server's terminal); or what is wrong with it.
 */
export async function addBlock(store: ClinicStore, args: string[], now: Date, blockedById: string | null): Promise<Blocked | { error: string }> {
  const read = readBlock(args);
  if ("error" in read) return read;
  const { date, from, to, reason } = read;
  const id = `B-${Array.from({ length: 4 }, () => BLOCK_ID_ALPHABET[randomInt(BLOCK_ID_ALPHABET.length)]).join("")}`;
  const endsAt = to === "24:00" ? indiaInstant(addDays(date, 1), "00:00") : indiaInstant(date, to);
  const held = await store.blockTime({ id, startsAt: indiaInstant(date, from), endsAt, reason, createdAt: now }, blockedById);
  const what = to === "24:00" ? `all of ${formatAppointmentDate(date)}` : `${formatAppointmentDate(date)}, ${formatClockTime(from)} to ${formatClockTime(to)}`;
  return { id, what: `${what} (${reason})`, held };
}

/** Blocks the time staff typed at `now`, and says what it covers. */
export async function blockTime(store: ClinicStore, args: string[], now: Date): Promise<string> {
  const blocked = await addBlock(store, args, now, null);
  if ("error" in blocked) return blocked.error;
  const { id, what, held } = blocked;
  const lines = [`Blocked ${what}: block ${id}. Patrons are no longer offered times in it.`];
  if (held.length > 0) {
    lines.push(
      `These appointments hold times in it and keep them: move or cancel each from its page (the link in the clinic's email), or call the patron:`,
      ...held.map((reference) => `  ${reference}`),
    );
  }
  lines.push(`To take the block away: npm run diary -- unblock ${id}`);
  return lines.join("\n");
}

export async function unblockTime(store: ClinicStore, id: string | undefined): Promise<string> {
  if (!id) return "Say which block: npm run diary -- unblock B-XXXX (npm run diary lists them).";
  return (await store.unblockTime(id)) ? `Block ${id} taken away: its times are offered to patrons again.` : `No block ${id}.`;
}

/** Each day from today for `days` days, as its times: free, held (with the reference), confirmed, blocked. */
export async function describeDiary(store: ClinicStore, days: number, now: Date): Promise<string> {
  // Staff see every time of the day, the notice patrons must give aside.
  const rules = { ...diaryRules(), noticeMinutes: 0, horizonDays: Math.max(days, diaryRules().horizonDays) };
  const today = indiaClock(now).date;
  const contents = await store.diaryBetween(indiaInstant(today, "00:00"), indiaInstant(addDays(today, days), "00:00"));
  const lines: string[] = [];
  for (let offset = 0; offset < days; offset++) {
    const date = addDays(today, offset);
    const day = dayOf(contents, date);
    const slots = daySlots(rules, day, now);
    lines.push(`${formatAppointmentDate(date)}${slots.length === 0 ? ": closed" : ""}`);
    for (const block of day.blocks) lines.push(`  blocked ${block.id}: ${block.reason}${block.blockedBy ? ` (by ${block.blockedBy})` : ""}`);
    for (const slot of slots) lines.push(`  ${formatClockTime(slot.time).padStart(8)}  ${slotWords(slot, contents)}`);
  }
  return lines.join("\n");
}

function slotWords(slot: ReturnType<typeof daySlots>[number], contents: DiaryContents): string {
  const hold = slot.reference ? contents.holds.find((each) => each.reference === slot.reference) : undefined;
  if (hold) return `${hold.state === "confirmed" ? "confirmed" : hold.state === "proposed" ? "proposed, waiting for the patron" : "held, to confirm"}  ${hold.reference}`;
  if (slot.status === "blocked") return `blocked (${slot.blockId})`;
  return slot.status === "past" ? "past" : "free";
}

function dayOf(contents: DiaryContents, date: string): DiaryDay {
  const from = indiaInstant(date, "00:00");
  const to = indiaInstant(addDays(date, 1), "00:00");
  const overlaps = ({ startsAt, endsAt }: { startsAt: Date; endsAt: Date }) => startsAt < to && endsAt > from;
  return { date, holds: contents.holds.filter(overlaps), blocks: contents.blocks.filter(overlaps) };
}
