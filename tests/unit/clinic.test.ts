import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TIME_WINDOWS } from "@/lib/booking/rules";
import { getClinic, noticeParagraphs } from "@/lib/clinic";
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

  it("give the consultation hours, 10 AM to 7 PM", () => {
    expect(clinic.hours.opens).toBe("10:00");
    expect(clinic.hours.closes).toBe("19:00");
    expect(`${formatClockTime(clinic.hours.opens)} to ${formatClockTime(clinic.hours.closes)}`).toBe(
      "10:00 AM to 7:00 PM",
    );
  });

  it.each(Object.entries(TIME_WINDOWS))("offer the %s slot only within the consultation hours", (_name, window) => {
    const opens = minutesOfDay(clinic.hours.opens);
    const closes = minutesOfDay(clinic.hours.closes);
    expect(minutesOfDay(window.starts)).toBeGreaterThanOrEqual(opens);
    expect(minutesOfDay(window.ends)).toBeLessThanOrEqual(closes);
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
