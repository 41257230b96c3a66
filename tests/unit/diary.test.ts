// Run a second time with TZ=America/New_York (tests/run.mjs): the diary is India's, whatever the server's zone.
import { describe, expect, it } from "vitest";
import {
  daySlots,
  formatSlotTime,
  freeTimes,
  hoursLines,
  nearestFreeTimes,
  nextDayWithFreeTimes,
  partOfDay,
  quantaOf,
  slotProblem,
  type Block,
  type DiaryDay,
  type DiaryRules,
  type Hold,
  type WeeklyHours,
} from "@/lib/diary";
import { addDays, indiaInstant } from "@/lib/india-time";

const TEN_TO_SEVEN = [{ opens: "10:00", closes: "19:00" }];
/** The clinic's week: Monday to Saturday 10:00 to 19:00, closed on Sunday. */
const CLINIC_WEEK: WeeklyHours = [[], ...Array<typeof TEN_TO_SEVEN>(6).fill(TEN_TO_SEVEN)];
const RULES: DiaryRules = { hours: CLINIC_WEEK, consultationMinutes: 20, noticeMinutes: 120, horizonDays: 60 };

const MONDAY = "2026-12-07";
const TUESDAY = "2026-12-08";
const SATURDAY = "2026-12-12";
const SUNDAY = "2026-12-13";
const NOW = new Date("2026-12-07T03:30:00Z"); // Monday 7 Dec 2026, 09:00 in India

const at = indiaInstant;
const free = (date: string): DiaryDay => ({ date, holds: [], blocks: [] });
const hold = (date: string, from: string, to: string, reference = "DS-7K2Q"): Hold => ({
  startsAt: at(date, from),
  endsAt: at(date, to),
  reference,
});
const block = (date: string, from: string, to: string, id = "B1"): Block => ({
  startsAt: at(date, from),
  endsAt: at(date, to),
  id,
  reason: "Doctor at a conference",
});
const wholeDay = (date: string, id = "B1"): Block => ({
  startsAt: at(date, "00:00"),
  endsAt: at(addDays(date, 1), "00:00"),
  id,
  reason: "Clinic holiday",
});

describe("the day's grid", () => {
  it("offers a consultation every 20 minutes from 10:00, the last at 18:40 so it ends by 19:00", () => {
    const times = freeTimes(RULES, free(TUESDAY), NOW);
    expect(times.slice(0, 4)).toEqual(["10:00", "10:20", "10:40", "11:00"]);
    expect(times.at(-1)).toBe("18:40");
    expect(times).toHaveLength(27);
  });

  it("with 25-minute consultations, ends with the last that finishes by 19:00", () => {
    const times = freeTimes({ ...RULES, consultationMinutes: 25 }, free(TUESDAY), NOW);
    expect(times.slice(0, 3)).toEqual(["10:00", "10:25", "10:50"]);
    expect(times.at(-1)).toBe("18:20"); // 18:45 would end at 19:10
  });

  it("starts again after a break, offering nothing that runs into it", () => {
    const split = [
      { opens: "10:00", closes: "13:00" },
      { opens: "14:00", closes: "19:00" },
    ];
    const hours = CLINIC_WEEK.map((day) => (day.length ? split : day));
    const times = freeTimes({ ...RULES, hours, consultationMinutes: 25 }, free(TUESDAY), NOW);
    const beforeBreak = times.indexOf("12:05");
    expect(times.slice(beforeBreak, beforeBreak + 4)).toEqual(["12:05", "12:30", "14:00", "14:25"]);
    expect(times.at(-1)).toBe("18:35"); // ends at 19:00 exactly
  });

  it("gives each time's start and end as instants, India time", () => {
    const [first] = daySlots(RULES, free(TUESDAY), NOW);
    expect(first).toEqual({
      time: "10:00",
      startsAt: new Date("2026-12-08T04:30:00Z"),
      endsAt: new Date("2026-12-08T04:50:00Z"),
      status: "free",
    });
  });
});

describe("the notice", () => {
  it("offers no time that starts inside the two hours' notice", () => {
    expect(freeTimes(RULES, free(MONDAY), NOW)[0]).toBe("11:00");
    expect(daySlots(RULES, free(MONDAY), NOW).slice(0, 4).map((slot) => slot.status)).toEqual([
      "past",
      "past",
      "past",
      "free",
    ]);
  });

  it("offers the first time on the grid after the notice, not the notice's minute", () => {
    expect(freeTimes(RULES, free(MONDAY), at(MONDAY, "10:05"))[0]).toBe("12:20");
  });

  it("offers nothing today late in the evening, but all of tomorrow", () => {
    expect(freeTimes(RULES, free(MONDAY), at(MONDAY, "17:30"))).toEqual([]);
    expect(freeTimes(RULES, free(TUESDAY), at(MONDAY, "17:30"))[0]).toBe("10:00");
  });

  it("counts from India's clock after midnight there, while it is still the day before in UTC", () => {
    const earlyTuesday = new Date("2026-12-07T20:00:00Z"); // Tuesday 8 Dec 2026, 01:30 in India
    expect(freeTimes(RULES, free(MONDAY), earlyTuesday)).toEqual([]);
    expect(freeTimes(RULES, free(TUESDAY), earlyTuesday)[0]).toBe("10:00");
  });
});

describe("the horizon", () => {
  it("offers times up to 60 days ahead and none after", () => {
    expect(freeTimes(RULES, free(addDays(MONDAY, 60)), NOW)).toHaveLength(27); // Friday 5 Feb 2027
    expect(freeTimes(RULES, free(addDays(MONDAY, 61)), NOW)).toEqual([]); // Saturday 6 Feb 2027
  });

  it("offers nothing on a date that has passed", () => {
    expect(daySlots(RULES, free("2026-12-05"), NOW)).toEqual([]);
  });
});

describe("closed days", () => {
  it("offer nothing on a Sunday", () => {
    expect(daySlots(RULES, free(SUNDAY), NOW)).toEqual([]);
  });

  it("offer nothing on a weekday the clinic closes, and say which days it is open", () => {
    const hours = CLINIC_WEEK.map((day, weekday) => (weekday === 3 ? [] : day));
    const wednesday = "2026-12-09";
    expect(freeTimes({ ...RULES, hours }, free(wednesday), NOW)).toEqual([]);
    expect(slotProblem({ ...RULES, hours }, free(wednesday), "11:00", NOW)).toEqual({
      code: "closed",
      message: "The clinic is closed on Wednesdays: choose a day from Monday and Tuesday, or Thursday to Saturday",
    });
  });
});

describe("blocks", () => {
  it("take every time of a day blocked whole", () => {
    const day = { ...free(TUESDAY), blocks: [wholeDay(TUESDAY, "B7")] };
    expect(freeTimes(RULES, day, NOW)).toEqual([]);
    expect(new Set(daySlots(RULES, day, NOW).map((slot) => `${slot.status} ${slot.blockId}`))).toEqual(
      new Set(["blocked B7"]),
    );
  });

  it("take the times that overlap blocked hours, and only those", () => {
    const day = { ...free(TUESDAY), blocks: [block(TUESDAY, "13:00", "14:30")] };
    const blocked = daySlots(RULES, day, NOW).filter((slot) => slot.status === "blocked");
    expect(blocked.map((slot) => slot.time)).toEqual(["13:00", "13:20", "13:40", "14:00", "14:20"]);
    expect(freeTimes(RULES, day, NOW)).toContain("12:40");
    expect(freeTimes(RULES, day, NOW)).toContain("14:40");
  });
});

describe("holds", () => {
  it("take every time an off-grid hold of another length overlaps, and only those", () => {
    const day = { ...free(TUESDAY), holds: [hold(TUESDAY, "11:10", "11:40", "DS-ABCD")] };
    const held = daySlots(RULES, day, NOW).filter((slot) => slot.status !== "free");
    expect(held.map(({ time, status, reference }) => ({ time, status, reference }))).toEqual([
      { time: "11:00", status: "held", reference: "DS-ABCD" },
      { time: "11:20", status: "held", reference: "DS-ABCD" },
    ]);
    expect(freeTimes(RULES, day, NOW)).toEqual(expect.arrayContaining(["10:40", "11:40"]));
  });

  it("take the day's last time, leaving the one before it", () => {
    const day = { ...free(TUESDAY), holds: [hold(TUESDAY, "18:40", "19:00")] };
    expect(freeTimes(RULES, day, NOW).at(-1)).toBe("18:20");
    expect(slotProblem(RULES, day, "18:40", NOW)?.code).toBe("taken");
  });

  it("show over a block and after their time has come, so staff still see the appointment", () => {
    const day = { date: MONDAY, holds: [hold(MONDAY, "10:00", "10:20")], blocks: [block(MONDAY, "10:00", "11:00", "B4")] };
    const [first, second] = daySlots(RULES, day, at(MONDAY, "10:10"));
    expect(first).toMatchObject({ time: "10:00", status: "held", reference: "DS-7K2Q", blockId: "B4" });
    expect(second).toMatchObject({ time: "10:20", status: "blocked", blockId: "B4" });
  });
});

describe("why a patron may not book a time", () => {
  const problem = (date: string, time: string, day: DiaryDay = free(date), now = NOW) =>
    slotProblem(RULES, day, time, now);

  it("finds nothing wrong with a free time on the grid", () => {
    expect(problem(TUESDAY, "10:00")).toBeUndefined();
    expect(problem(TUESDAY, "18:40")).toBeUndefined();
    expect(problem(MONDAY, "11:00")).toBeUndefined();
  });

  it.each(["2026-02-30", "garbage", "", "2026-12-8"])("refuses %j, which is not a date", (date) => {
    expect(problem(date, "11:00")).toEqual({
      code: "not-a-date",
      message: "Choose the date you would like for the consultation",
    });
  });

  it("refuses a date that has passed", () => {
    expect(problem("2026-12-05", "11:00")).toEqual({ code: "past-date", message: "Choose today or a later date" });
  });

  it("refuses a date beyond the horizon, naming the last one", () => {
    expect(problem(addDays(MONDAY, 61), "11:00")).toEqual({
      code: "beyond-horizon",
      message: "Choose a date within the next 60 days (up to Friday, 5 Feb 2027)",
    });
  });

  it("refuses a Sunday", () => {
    expect(problem(SUNDAY, "11:00")).toEqual({
      code: "closed",
      message: "The clinic is closed on Sundays: choose a day from Monday to Saturday",
    });
  });

  it.each(["10:20; DROP", "25:00", "10:2", "", "10.20"])("refuses the forged time %j", (time) => {
    expect(problem(TUESDAY, time)).toEqual({ code: "not-a-time", message: "Choose a time for the consultation" });
  });

  it.each(["09:40", "19:00", "22:00"])("refuses %s, outside the day's hours", (time) => {
    expect(problem(TUESDAY, time)).toEqual({
      code: "outside-hours",
      message: "Choose a time within the clinic's hours on Tuesdays: 10:00 AM to 7:00 PM",
    });
  });

  it.each(["10:10", "18:50"])("refuses %s, which is not one of the times offered", (time) => {
    expect(problem(TUESDAY, time)).toEqual({
      code: "off-grid",
      message: "Choose one of the times offered: a consultation starts every 20 minutes",
    });
  });

  it("refuses a time that has passed today, and one inside the notice", () => {
    const noon = at(MONDAY, "12:00");
    const tooSoon = { code: "too-soon", message: "Choose a time at least 2 hours from now, or another day" };
    expect(problem(MONDAY, "10:00", free(MONDAY), noon)).toEqual(tooSoon);
    expect(problem(MONDAY, "13:40", free(MONDAY), noon)).toEqual(tooSoon);
    expect(problem(MONDAY, "14:00", free(MONDAY), noon)).toBeUndefined();
  });

  it("refuses a time on a blocked day and in blocked hours", () => {
    const blocked = {
      code: "blocked",
      message: "The clinic is not taking consultations at that time: choose another time",
    };
    expect(problem(TUESDAY, "11:00", { ...free(TUESDAY), blocks: [wholeDay(TUESDAY)] })).toEqual(blocked);
    expect(problem(TUESDAY, "13:20", { ...free(TUESDAY), blocks: [block(TUESDAY, "13:00", "14:30")] })).toEqual(
      blocked,
    );
  });

  it("refuses a time another appointment holds", () => {
    expect(problem(TUESDAY, "11:20", { ...free(TUESDAY), holds: [hold(TUESDAY, "11:10", "11:40")] })).toEqual({
      code: "taken",
      message: "That time has just been taken: choose another time",
    });
  });
});

describe("the free times nearest the one a patron chose", () => {
  it("are the closest on either side, the earlier of two as close, in time order", () => {
    const day = { ...free(TUESDAY), holds: [hold(TUESDAY, "11:00", "11:20")] };
    expect(nearestFreeTimes(RULES, day, "11:00", NOW)).toEqual(["10:20", "10:40", "11:20"]);
  });

  it("are all before it at the end of the day", () => {
    const day = { ...free(TUESDAY), holds: [hold(TUESDAY, "18:40", "19:00")] };
    expect(nearestFreeTimes(RULES, day, "18:40", NOW, 2)).toEqual(["18:00", "18:20"]);
  });

  it("are none on a day with no free time", () => {
    expect(nearestFreeTimes(RULES, free(SUNDAY), "11:00", NOW)).toEqual([]);
  });
});

describe("the next day with a free time", () => {
  it("skips Sunday and a blocked day", () => {
    const busyOf = (date: string): DiaryDay =>
      date === "2026-12-14" ? { ...free(date), blocks: [wholeDay(date)] } : free(date);
    expect(nextDayWithFreeTimes(RULES, SATURDAY, NOW, busyOf)).toBe("2026-12-15");
  });

  it("is tomorrow when the evening leaves nothing today", () => {
    expect(nextDayWithFreeTimes(RULES, MONDAY, at(MONDAY, "17:30"), free)).toBe(TUESDAY);
  });

  it("is none past the horizon", () => {
    expect(nextDayWithFreeTimes(RULES, addDays(MONDAY, 60), NOW, free)).toBeUndefined();
    const allBlocked = (date: string): DiaryDay => ({ ...free(date), blocks: [wholeDay(date)] });
    expect(nextDayWithFreeTimes(RULES, MONDAY, NOW, allBlocked)).toBeUndefined();
  });
});

describe("times as patrons read them", () => {
  it.each([
    ["10:00", "morning"],
    ["11:59", "morning"],
    ["12:00", "afternoon"],
    ["16:59", "afternoon"],
    ["17:00", "evening"],
    ["18:40", "evening"],
  ])("puts %s in the %s", (time, part) => {
    expect(partOfDay(time)).toBe(part);
  });

  it.each([
    ["11:20", "11:20 AM"],
    ["12:00", "12:00 PM"],
    ["18:40", "6:40 PM"],
  ])("writes %s as %s", (time, written) => {
    expect(formatSlotTime(time)).toBe(written);
  });
});

describe("the week's hours as patrons read them", () => {
  it("run consecutive days with the same hours together, Monday first", () => {
    expect(hoursLines(CLINIC_WEEK)).toEqual([
      { days: "Monday to Saturday", times: "10:00 AM to 7:00 PM" },
      { days: "Sunday", times: null },
    ]);
  });

  it("give a break, a closed weekday and a shorter Saturday their own lines", () => {
    const split = [
      { opens: "10:00", closes: "13:00" },
      { opens: "14:00", closes: "19:00" },
    ];
    const hours = [[], split, split, [], TEN_TO_SEVEN, TEN_TO_SEVEN, [{ opens: "10:00", closes: "13:00" }]];
    expect(hoursLines(hours)).toEqual([
      { days: "Monday and Tuesday", times: "10:00 AM to 1:00 PM and 2:00 PM to 7:00 PM" },
      { days: "Wednesday", times: null },
      { days: "Thursday and Friday", times: "10:00 AM to 7:00 PM" },
      { days: "Saturday", times: "10:00 AM to 1:00 PM" },
      { days: "Sunday", times: null },
    ]);
  });
});

describe("the quanta an appointment holds in the store", () => {
  const FIVE_MINUTES = 5 * 60 * 1000;

  it("are the four 5-minute quanta of a 20-minute consultation on the grid", () => {
    const start = at(TUESDAY, "10:00").getTime();
    expect(quantaOf(at(TUESDAY, "10:00"), at(TUESDAY, "10:20"))).toEqual(
      [0, 1, 2, 3].map((i) => start + i * FIVE_MINUTES),
    );
  });

  it("are every quantum an off-grid time touches", () => {
    const start = at(TUESDAY, "10:00").getTime();
    expect(quantaOf(at(TUESDAY, "10:03"), at(TUESDAY, "10:22"))).toEqual(
      [0, 1, 2, 3, 4].map((i) => start + i * FIVE_MINUTES),
    );
  });

  it("collide for overlapping appointments of any lengths, and not for one that follows another", () => {
    const shared = (a: number[], b: number[]) => a.filter((quantum) => b.includes(quantum));
    const first = quantaOf(at(TUESDAY, "10:00"), at(TUESDAY, "10:20"));
    expect(shared(first, quantaOf(at(TUESDAY, "10:17"), at(TUESDAY, "10:47")))).not.toEqual([]);
    expect(shared(first, quantaOf(at(TUESDAY, "09:50"), at(TUESDAY, "10:01")))).not.toEqual([]);
    expect(shared(first, quantaOf(at(TUESDAY, "10:20"), at(TUESDAY, "10:40")))).toEqual([]);
  });

  it("refuse an appointment that does not end after it starts", () => {
    expect(() => quantaOf(at(TUESDAY, "10:20"), at(TUESDAY, "10:20"))).toThrow(RangeError);
  });
});
