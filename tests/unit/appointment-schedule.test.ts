// Run a second time with TZ=America/New_York (tests/run.mjs): every rule here is India's, whatever the server's zone.
import { describe, expect, it } from "vitest";
import {
  agendaDayAt,
  agendaDueAt,
  APPOINTMENT_DAYS_AHEAD,
  cancelDeadline,
  consultationTimeProblem,
  reminderDueAt,
} from "@/lib/appointments/schedule";
import { getClinic } from "@/lib/clinic";
import { formatAppointmentTime, indiaInstant, indiaTimeOfDay } from "@/lib/india-time";

/** The clinic's week: Monday to Saturday, 10:00 to 19:00 (content/clinic.md). */
const HOURS = getClinic().hours;

describe("an appointment's time in India", () => {
  it("is the instant it is that time on that date in India, whatever the server's zone", () => {
    expect(indiaInstant("2026-11-28", "11:30")).toEqual(new Date("2026-11-28T06:00:00Z"));
    expect(indiaInstant("2026-11-29", "00:30")).toEqual(new Date("2026-11-28T19:00:00Z"));
    // India keeps no daylight saving: the same offset in summer (when New York's changes).
    expect(indiaInstant("2026-07-04", "10:00")).toEqual(new Date("2026-07-04T04:30:00Z"));
  });

  it("reads the clock in India at an instant", () => {
    expect(indiaTimeOfDay(new Date("2026-11-28T06:00:00Z"))).toBe("11:30");
    expect(indiaTimeOfDay(new Date("2026-11-28T19:00:00Z"))).toBe("00:30");
    expect(indiaTimeOfDay(new Date("2026-11-28T13:30:00Z"))).toBe("19:00");
  });

  it("is written out with its weekday, on the 12-hour clock, marked IST", () => {
    expect(formatAppointmentTime(new Date("2026-11-28T06:00:00Z"))).toBe("Sat 28 Nov 2026, 11:30 AM IST");
    expect(formatAppointmentTime(new Date("2026-11-28T06:30:00Z"))).toBe("Sat 28 Nov 2026, 12:00 PM IST");
    expect(formatAppointmentTime(new Date("2026-12-01T13:15:00Z"))).toBe("Tue 1 Dec 2026, 6:45 PM IST");
  });

  it("is written out on India's date after midnight there, while it is still the day before in UTC", () => {
    expect(formatAppointmentTime(new Date("2026-11-28T19:00:00Z"))).toBe("Sun 29 Nov 2026, 12:30 AM IST");
  });
});

describe("the patron's reminder", () => {
  it("is due at 18:00 India time the evening before", () => {
    expect(reminderDueAt(new Date("2026-11-28T06:00:00Z"))).toEqual(new Date("2026-11-27T12:30:00Z"));
  });

  it("is due on the last evening of the month before an appointment on the 1st", () => {
    expect(reminderDueAt(indiaInstant("2026-12-01", "10:00"))).toEqual(new Date("2026-11-30T12:30:00Z"));
  });

  it("counts the evening before from India's date, not UTC's", () => {
    // 00:30 on Sunday in India, still Saturday in UTC: the evening before is Saturday's.
    expect(reminderDueAt(new Date("2026-11-28T19:00:00Z"))).toEqual(new Date("2026-11-28T12:30:00Z"));
  });
});

describe("the patron's last moment to cancel online", () => {
  it("is two hours before the appointment", () => {
    expect(cancelDeadline(new Date("2026-11-28T06:00:00Z"))).toEqual(new Date("2026-11-28T04:00:00Z"));
  });
});

describe("the day's agenda", () => {
  it("is due at 08:30 India time on its date", () => {
    expect(agendaDueAt("2026-11-28")).toEqual(new Date("2026-11-28T03:00:00Z"));
  });

  it("is not due on a Sunday", () => {
    expect(agendaDayAt(indiaInstant("2026-11-29", "08:30"), HOURS)).toBeUndefined();
    expect(agendaDayAt(indiaInstant("2026-11-29", "12:00"), HOURS)).toBeUndefined();
  });

  it("is not due before 08:30 in India", () => {
    expect(agendaDayAt(indiaInstant("2026-11-28", "08:29"), HOURS)).toBeUndefined();
    expect(agendaDayAt(indiaInstant("2026-11-28", "00:00"), HOURS)).toBeUndefined();
  });

  it("is that date's from 08:30 until the clinic closes at 19:00", () => {
    expect(agendaDayAt(indiaInstant("2026-11-28", "08:30"), HOURS)).toBe("2026-11-28");
    expect(agendaDayAt(indiaInstant("2026-11-28", "13:00"), HOURS)).toBe("2026-11-28");
    expect(agendaDayAt(indiaInstant("2026-11-28", "18:59"), HOURS)).toBe("2026-11-28");
  });

  it("is of no use once the clinic has closed", () => {
    expect(agendaDayAt(indiaInstant("2026-11-28", "19:00"), HOURS)).toBeUndefined();
    expect(agendaDayAt(indiaInstant("2026-11-28", "23:59"), HOURS)).toBeUndefined();
  });

  it("is Monday's at 08:30 on Monday in India, when it is still Sunday evening in America", () => {
    expect(agendaDayAt(new Date("2026-11-30T03:00:00Z"), HOURS)).toBe("2026-11-30");
  });
});

describe("the times staff may give an appointment", () => {
  const now = new Date("2026-11-25T06:00:00Z"); // Wednesday 25 Nov 2026, 11:30 in India

  it("include a Saturday morning within the consultation hours", () => {
    expect(consultationTimeProblem("2026-11-28", "11:30", 20, now, HOURS)).toBeUndefined();
  });

  it("include 10:00, the opening, and a start that ends at 19:00 exactly", () => {
    expect(consultationTimeProblem("2026-11-28", "10:00", 20, now, HOURS)).toBeUndefined();
    expect(consultationTimeProblem("2026-11-28", "18:40", 20, now, HOURS)).toBeUndefined();
  });

  it("exclude Sundays", () => {
    expect(consultationTimeProblem("2026-11-29", "11:00", 20, now, HOURS)).toBe(
      "The clinic is closed on Sundays: choose a day from Monday to Saturday.",
    );
  });

  it("exclude a time before the clinic opens at 10:00", () => {
    expect(consultationTimeProblem("2026-11-28", "09:59", 20, now, HOURS)).toBe(
      "Choose a time from 10:00 AM, so that the 20-minute consultation ends by 7:00 PM.",
    );
  });

  it("exclude a consultation that would end after 19:00, for the length it is given", () => {
    expect(consultationTimeProblem("2026-11-28", "18:45", 20, now, HOURS)).toBe(
      "Choose a time from 10:00 AM, so that the 20-minute consultation ends by 7:00 PM.",
    );
    expect(consultationTimeProblem("2026-11-28", "18:40", 30, now, HOURS)).toBe(
      "Choose a time from 10:00 AM, so that the 30-minute consultation ends by 7:00 PM.",
    );
  });

  it("exclude a time earlier today, and this very minute", () => {
    expect(consultationTimeProblem("2026-11-25", "11:00", 20, now, HOURS)).toBe("Choose a time that has not passed.");
    expect(consultationTimeProblem("2026-11-25", "11:30", 20, now, HOURS)).toBe("Choose a time that has not passed.");
    expect(consultationTimeProblem("2026-11-25", "11:31", 20, now, HOURS)).toBeUndefined();
  });

  it("exclude an earlier date", () => {
    expect(consultationTimeProblem("2026-11-24", "12:00", 20, now, HOURS)).toBe("Choose today or a later date.");
  });

  it(`exclude dates more than ${APPOINTMENT_DAYS_AHEAD} days ahead`, () => {
    expect(APPOINTMENT_DAYS_AHEAD).toBe(90);
    expect(consultationTimeProblem("2027-02-23", "11:00", 20, now, HOURS)).toBeUndefined(); // 90 days ahead, a Tuesday
    expect(consultationTimeProblem("2027-02-24", "11:00", 20, now, HOURS)).toBe("Choose a date within the next 90 days.");
  });

  it("take today's date from India: after midnight there, the Indian yesterday has passed", () => {
    const afterMidnightInIndia = new Date("2026-11-25T20:00:00Z"); // Thursday 26 Nov 2026, 01:30 in India
    expect(consultationTimeProblem("2026-11-25", "18:00", 20, afterMidnightInIndia, HOURS)).toBe("Choose today or a later date.");
    expect(consultationTimeProblem("2026-11-26", "10:00", 20, afterMidnightInIndia, HOURS)).toBeUndefined();
  });
});
