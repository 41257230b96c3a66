// The diary as staff see it in the staff area: each day's times from lib/diary's grid (free, held for a patron to
// confirm, proposed, confirmed, blocked, past), with each appointment's patron, mode, number and meeting link; the
// week is Monday to Saturday. Staff see every time of the day: the notice patrons must give does not apply to them.
import { diaryOf, dayOf, diaryRules } from "../booking/free-times";
import { getConfig } from "../config";
import { daySlots } from "../diary";
import { addDays, dayOfWeek, formatAppointmentDate, formatClockTime, indiaClock, indiaTimeOfDay } from "../india-time";
import { videoLinkFor } from "../mail/appointment-emails";
import type { ClinicStore, StoredRequest } from "../store/clinic-store";

export type StaffSlotStatus = "free" | "past" | "blocked" | "held" | "proposed" | "confirmed";

export interface StaffSlot {
  time: string;
  /** "11:20 AM". */
  label: string;
  status: StaffSlotStatus;
  reference?: string;
  patron?: { name: string; mode: "tele" | "video"; mobile: string; meetingLink?: string };
  blockId?: string;
}

export interface StaffDay {
  date: string;
  /** "Mon 7 Dec 2026". */
  label: string;
  isToday: boolean;
  blocks: { id: string; reason: string; from: string; to: string; blockedBy: string | null }[];
  /** Empty on a day the clinic is closed. */
  slots: StaffSlot[];
}

/** Monday to Saturday of the week `date` is in (of the coming week, on a Sunday). */
export function weekOf(date: string): string[] {
  const weekday = dayOfWeek(date);
  const monday = weekday === 0 ? addDays(date, 1) : addDays(date, 1 - weekday);
  return Array.from({ length: 6 }, (_, offset) => addDays(monday, offset));
}

const HOLD_STATUS = { requested: "held", proposed: "proposed", confirmed: "confirmed" } as const;

/** The days `dates` (consecutive, India dates) as their times at `now`. */
export async function staffDays(store: ClinicStore, dates: string[], now: Date): Promise<StaffDay[]> {
  const rules = { ...diaryRules(), noticeMinutes: 0, horizonDays: 3660 };
  const contents = await diaryOf(store, dates[0], dates.at(-1)!);
  const requests = new Map<string, StoredRequest | undefined>();
  await Promise.all(contents.holds.map(async (hold) => requests.set(hold.reference, await store.findRequest(hold.reference))));
  const config = getConfig();
  const today = indiaClock(now).date;
  return dates.map((date) => {
    const day = dayOf(contents, date);
    const slots = daySlots(rules, day, now).map((slot): StaffSlot => {
      const hold = slot.reference ? contents.holds.find((each) => each.reference === slot.reference) : undefined;
      const request = hold ? requests.get(hold.reference)?.request : undefined;
      const status: StaffSlotStatus = hold ? (HOLD_STATUS[hold.state as keyof typeof HOLD_STATUS] ?? "held") : slot.status === "held" ? "held" : slot.status;
      return {
        time: slot.time,
        label: formatClockTime(slot.time),
        status,
        reference: slot.reference,
        blockId: slot.blockId,
        patron: request && hold
          ? {
              name: request.fullName,
              mode: request.mode,
              mobile: request.mobile,
              meetingLink: request.mode === "video" ? videoLinkFor(config, hold.reference) : undefined,
            }
          : undefined,
      };
    });
    return {
      date,
      label: formatAppointmentDate(date),
      isToday: date === today,
      blocks: day.blocks.map((block) => ({
        id: block.id,
        reason: block.reason,
        blockedBy: block.blockedBy ?? null,
        from: indiaClock(block.startsAt).date < date ? "00:00" : indiaTimeOfDay(block.startsAt),
        to: indiaClock(block.endsAt).date > date ? "24:00" : indiaTimeOfDay(block.endsAt),
      })),
      slots,
    };
  });
}
