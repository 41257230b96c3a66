import { describe, expect, it } from "vitest";
import { addDays, dayOfWeek, formatPostedDate, indiaClock, isCalendarDate } from "@/lib/india-time";

describe("India time", () => {
  it("gives India's date, not the server's, late in the UTC evening", () => {
    // 20:00 UTC is 01:30 the next day in India.
    expect(indiaClock(new Date("2026-11-28T20:00:00Z"))).toEqual({ date: "2026-11-29", minutes: 90 });
  });

  it("knows real dates from impossible ones", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("29/11/2026")).toBe(false);
  });

  it("counts days across months and knows Sundays", () => {
    expect(addDays("2026-12-25", 60)).toBe("2027-02-23");
    expect(dayOfWeek("2026-11-29")).toBe(0);
  });

  it("writes an article's date the way the clinic does", () => {
    expect(formatPostedDate("2022-09-02")).toBe("Sep 02, 2022");
  });
});
