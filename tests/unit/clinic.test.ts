import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TIME_WINDOWS } from "@/lib/booking/rules";
import { getClinic, noticeParagraphs, weeklyHoursSchema } from "@/lib/clinic";
import { hoursLines } from "@/lib/diary";
import { formatClockTime, minutesOfDay } from "@/lib/india-time";

// The clinic's original page (a copy of the team's seed): the text the site must stay faithful to.
const SEED = fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/clinic-original-page.txt"), "utf8");

describe("the clinic's settings", () => {
  const clinic = getClinic();

  it("give the clinic's phone and email", () => {
    expect(clinic.phone).toBe("+919620638388");
    expect(clinic.phoneDisplay).toBe("9620638388");
    expect(clinic.email).toBe("info@drdivyasharma.com");
  });

  it("leave the person who answers questions about personal data empty, as the clinic has not named them", () => {
    expect(clinic.privacyContact).toBeNull();
  });

  it("give the consultation hours, Monday to Saturday 10 AM to 7 PM, closed on Sunday", () => {
    const day = [{ opens: "10:00", closes: "19:00" }];
    expect(clinic.hours).toEqual([[], day, day, day, day, day, day]);
    expect(hoursLines(clinic.hours)).toEqual([
      { days: "Monday to Saturday", times: "10:00 AM to 7:00 PM" },
      { days: "Sunday", times: null },
    ]);
  });

  it.each(Object.entries(TIME_WINDOWS))("offer the %s slot only within the consultation hours", (_name, window) => {
    for (const ranges of clinic.hours.filter((day) => day.length)) {
      const within = ranges.some(
        (range) =>
          minutesOfDay(range.opens) <= minutesOfDay(window.starts) &&
          minutesOfDay(window.ends) <= minutesOfDay(range.closes),
      );
      expect(within).toBe(true);
    }
    expect(minutesOfDay(window.starts)).toBeLessThan(minutesOfDay(window.ends));
  });

  it("keep the notice as the clinic wrote it, government circular and all", () => {
    const paragraphs = noticeParagraphs(clinic.notice);
    expect(paragraphs.some((p) => p.includes("HFW54 CGM 2020") && p.includes("26/03/2020"))).toBe(true);
    const seedNotice = SEED.split("\n")
      .slice(1, SEED.split("\n").indexOf("Stay indoors, stay safe") + 1)
      .map((line) => line.trim())
      .filter(Boolean);
    expect(paragraphs).toEqual(seedNotice);
    expect(clinic.notice.heading).toBe("Dear Patron");
  });
});

describe("the consultation hours in content/clinic.md", () => {
  const form = 'must be "closed" or times such as "10:00-19:00", several separated by commas';
  const week = {
    monday: "10:00-13:00, 14:00-19:00",
    tuesday: "10:00-19:00",
    wednesday: "closed",
    thursday: "10:00-19:00",
    friday: "10:00-19:00",
    saturday: "10:00-13:00",
    sunday: "closed",
  };

  /** The field and message of each problem, as content/clinic.md's reader reports them. */
  function problems(hours: Record<string, unknown>): string[] {
    const result = weeklyHoursSchema.safeParse(hours);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  }

  it("read per weekday, Sunday first, with a break as two ranges and a closed day as none", () => {
    const hours = weeklyHoursSchema.parse(week);
    expect(hours[0]).toEqual([]);
    expect(hours[1]).toEqual([
      { opens: "10:00", closes: "13:00" },
      { opens: "14:00", closes: "19:00" },
    ]);
    expect(hours[3]).toEqual([]);
    expect(hours[6]).toEqual([{ opens: "10:00", closes: "13:00" }]);
  });

  it("need every weekday, and no other", () => {
    const withoutSunday = Object.fromEntries(Object.entries(week).filter(([day]) => day !== "sunday"));
    expect(problems(withoutSunday)).toEqual([`sunday: ${form}`]);
    expect(problems({ ...week, funday: "closed" })).toEqual([': Unrecognized key: "funday"']);
  });

  it.each([
    ["25:00-19:00", `${form}, not "25:00-19:00"`],
    ["10 to 7", `${form}, not "10 to 7"`],
    ["Closed on Tuesdays", `${form}, not "Closed on Tuesdays"`],
    ["10:00-13:00,", `${form}, not ""`],
    ["19:00-10:00", '"19:00-10:00" must open before it closes'],
    ["10:00-10:00", '"10:00-10:00" must open before it closes'],
    [
      "10:00-14:00, 13:00-19:00",
      '"13:00-19:00" starts before the range before it ends: write the ranges in order, without overlapping',
    ],
    [
      "14:00-19:00, 10:00-13:00",
      '"10:00-13:00" starts before the range before it ends: write the ranges in order, without overlapping',
    ],
  ])("refuse %s, naming the weekday", (tuesday, message) => {
    expect(problems({ ...week, tuesday })).toEqual([`tuesday: ${message}`]);
  });
});

describe("clock times as the clinic writes them", () => {
  it.each([
    ["19:00", "7:00 PM"],
    ["10:00", "10:00 AM"],
    ["12:00", "12:00 PM"],
    ["00:30", "12:30 AM"],
    ["13:05", "1:05 PM"],
  ])("writes %s as %s", (time, written) => {
    expect(formatClockTime(time)).toBe(written);
  });

  it("counts minutes from midnight", () => {
    expect(minutesOfDay("00:00")).toBe(0);
    expect(minutesOfDay("19:00")).toBe(1140);
  });
});
