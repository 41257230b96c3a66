import { describe, expect, it } from "vitest";
import { describeAppointment, describeAppointmentIn } from "@/lib/appointments/describe";
import type { Appointment } from "@/lib/appointments/states";

const startsAt = new Date("2026-11-28T06:00:00Z"); // Saturday 28 Nov 2026, 11:30 in India
const WHEN = "Sat 28 Nov 2026, 11:30 AM IST";
const base: Appointment = {
  state: "requested",
  startsAt: null,
  sequence: 2,
  changedAt: new Date("2026-11-25T06:00:00Z"),
  changedBy: "patron",
  message: null,
};

describe("an appointment in words, for staff", () => {
  it.each([
    ["requested", { state: "requested" }, "Requested: no time agreed yet"],
    ["proposed", { state: "proposed", startsAt, changedBy: "staff" }, `Proposed: ${WHEN}, waiting for the patron's answer`],
    ["confirmed", { state: "confirmed", startsAt }, `Confirmed for ${WHEN}`],
    ["declined", { state: "declined", changedBy: "staff" }, "Declined by the clinic"],
    ["cancelled by staff", { state: "cancelled", startsAt, changedBy: "staff" }, `Cancelled by the clinic (was ${WHEN})`],
    ["cancelled by the patron", { state: "cancelled", startsAt, changedBy: "patron" }, `Cancelled by the patron (was ${WHEN})`],
  ] as const)("says a %s appointment as %j", (_, change, words) => {
    expect(describeAppointment({ ...base, ...change })).toBe(words);
  });

  it("says a request withdrawn before any time was agreed was cancelled, naming no time", () => {
    const words = describeAppointment({ ...base, state: "cancelled", startsAt: null, changedBy: "patron" });
    expect(words).toBe("Cancelled by the patron");
    expect(words).not.toContain("undefined");
  });
});

describe("an appointment in words, for the patron in their language", () => {
  it("reads in English as the staff page does", () => {
    const held = { ...base, startsAt };
    expect(describeAppointmentIn("en", held)).toBe(describeAppointment(held));
  });

  it.each([
    ["kn", { state: "requested", startsAt }, /^ಕೋರಿದ ಸಮಯ ಶನಿ, ನವೆಂಬರ್ 28, 2026 .*11:30.*IST, ಕ್ಲಿನಿಕ್ ದೃಢೀಕರಿಸುವವರೆಗೆ ನಿಮಗಾಗಿ ಕಾಯ್ದಿರಿಸಲಾಗಿದೆ$/],
    ["hi", { state: "proposed", startsAt, changedBy: "staff" }, /^क्लिनिक का सुझाया समय: शनि, 28 नवंबर 2026 .*11:30.*IST, आपके उत्तर की प्रतीक्षा है$/],
    ["kn", { state: "cancelled", startsAt, changedBy: "patron" }, /^ನೀವು ರದ್ದುಪಡಿಸಿದ್ದೀರಿ \(ಸಮಯ: ಶನಿ, ನವೆಂಬರ್ 28, 2026 .*11:30.*IST\)$/],
    ["hi", { state: "cancelled", startsAt: null, changedBy: "staff" }, /^क्लिनिक ने रद्द किया$/],
  ] as const)("in %s says %j with the time written in the language, Latin digits", (language, change, words) => {
    const said = describeAppointmentIn(language, { ...base, ...change });
    expect(said).toMatch(words);
    // No English beyond the time's IST and CLDR's AM/PM.
    expect(said.replace(/\b(IST|AM|PM|am|pm)\b/g, "")).not.toMatch(/[a-z]{2,}/i);
  });
});
