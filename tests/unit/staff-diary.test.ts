import { describe, expect, it } from "vitest";
import { readBlock } from "@/lib/staff-diary";

describe("blocking time from the command line (npm run diary -- block)", () => {
  it("takes a whole day, or some hours, with the reason", () => {
    expect(readBlock(["2026-12-24", "Clinic holiday"])).toEqual({ date: "2026-12-24", from: "00:00", to: "24:00", reason: "Clinic holiday" });
    expect(readBlock(["2026-12-04", "14:00-16:30", "Doctor at a conference"])).toEqual({
      date: "2026-12-04",
      from: "14:00",
      to: "16:30",
      reason: "Doctor at a conference",
    });
  });

  it("says what is wrong with a date that is not one, hours that are not, or no reason", () => {
    expect(readBlock(["24-12-2026", "Holiday"])).toEqual({ error: expect.stringContaining("YYYY-MM-DD") });
    expect(readBlock(["2026-02-30", "Holiday"])).toEqual({ error: expect.stringContaining("is not a date") });
    expect(readBlock(["2026-12-04", "16:00-14:00", "Backwards"])).toEqual({ error: expect.stringContaining("HH:MM-HH:MM") });
    expect(readBlock(["2026-12-04", "2pm-4pm", "Words"])).toEqual({ error: expect.stringContaining("HH:MM-HH:MM") });
    expect(readBlock(["2026-12-04"])).toEqual({ error: expect.stringContaining("Say why") });
    expect(readBlock([])).toEqual({ error: expect.stringContaining("is not a date") });
  });
});
