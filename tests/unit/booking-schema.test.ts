import { describe, expect, it } from "vitest";
import { getClinic } from "@/lib/clinic";
import { bookableDates, consultationRequestSchema, farDateMessage, MESSAGES } from "@/lib/booking/schema";

// Wednesday 25 Nov 2026, 11:30 in India.
const WEDNESDAY_MORNING = new Date("2026-11-25T06:00:00Z");
// Wednesday 25 Nov 2026, 14:30 in India: the morning slot (10 AM to 1 PM) is over.
const WEDNESDAY_AFTERNOON = new Date("2026-11-25T09:00:00Z");

type Input = Record<string, string | undefined>;

function validRequest(overrides: Input = {}): Input {
  return {
    fullName: "Asha Rao",
    mobile: "9876543210",
    email: "asha@example.com",
    mode: "video",
    preferredDate: "2026-11-27", // Friday
    timeWindow: "afternoon",
    reason: "Acne scars on both cheeks; I would like to know about microneedling.",
    consent: "yes",
    ...overrides,
  };
}

function parse(input: Input, now: Date = WEDNESDAY_MORNING) {
  return consultationRequestSchema(now, getClinic().hours).safeParse(input);
}

/** The first message the patron would see next to `field`, or undefined when the field is accepted. */
function errorFor(field: string, input: Input, now: Date = WEDNESDAY_MORNING): string | undefined {
  const result = parse(input, now);
  if (result.success) return undefined;
  return result.error.issues.find((issue) => issue.path[0] === field)?.message;
}

function accepted(input: Input, now: Date = WEDNESDAY_MORNING) {
  const result = parse(input, now);
  if (!result.success) {
    throw new Error(`expected the request to be accepted, got: ${JSON.stringify(result.error.issues)}`);
  }
  return result.data;
}

describe("a consultation request", () => {
  it("accepts a complete, correct request and keeps what the patron wrote", () => {
    const data = accepted(validRequest());
    expect(data).toEqual({
      fullName: "Asha Rao",
      mobile: "+919876543210",
      email: "asha@example.com",
      mode: "video",
      preferredDate: "2026-11-27",
      timeWindow: "afternoon",
      reason: "Acne scars on both cheeks; I would like to know about microneedling.",
      consent: "yes",
    });
  });

  it("trims stray spaces around what the patron typed", () => {
    const data = accepted(
      validRequest({ fullName: "  Asha Rao ", email: " asha@example.com ", reason: "  Hair fall \n" }),
    );
    expect(data.fullName).toBe("Asha Rao");
    expect(data.email).toBe("asha@example.com");
    expect(data.reason).toBe("Hair fall");
  });

  it("keeps a reason written over several lines", () => {
    const reason = "Itchy rash on the arms.\nStarted two weeks ago.\n\tWorse at night.";
    expect(accepted(validRequest({ reason })).reason).toBe(reason);
  });
});

describe("the mobile number", () => {
  it.each(["9876543210", "+91 98765 43210", "09876543210", "91-98765-43210", "+91(987)6543210"])(
    "understands %j and writes it as +919876543210 for the clinic to dial",
    (mobile) => {
      expect(accepted(validRequest({ mobile })).mobile).toBe("+919876543210");
    },
  );

  it.each([
    ["12345", "too short"],
    ["5876543210", "Indian mobiles start with 6, 7, 8 or 9"],
    ["98765432101", "eleven digits"],
    ["+1 9876543210", "not an Indian number"],
    ["abcdefghij", "letters"],
    ["0000000000", "zeros"],
    ["", "empty"],
  ])("refuses %j (%s) and says what a mobile number looks like", (mobile) => {
    expect(errorFor("mobile", validRequest({ mobile }))).toBe(MESSAGES.mobile);
  });

  it("asks for a mobile number when none is given", () => {
    expect(errorFor("mobile", validRequest({ mobile: undefined }))).toBe(MESSAGES.mobile);
  });
});

describe("the email address", () => {
  it.each(["not-an-email", "a@b", "", "name@example.com\r\nBcc: x@y.z"])("refuses %j", (email) => {
    expect(errorFor("email", validRequest({ email }))).toBe(MESSAGES.email);
  });
});

describe("the patron's name", () => {
  it("asks for a name when it is left empty", () => {
    expect(errorFor("fullName", validRequest({ fullName: "" }))).toBe(MESSAGES.fullName);
  });

  it("asks for a name when only spaces were typed", () => {
    expect(errorFor("fullName", validRequest({ fullName: "    " }))).toBe(MESSAGES.fullName);
  });

  it.each([
    ["a line break (which would add a line to the email's header)", "Asha\r\nBcc: victim@example.com"],
    ["a bare line feed", "Asha\nRao"],
    ["a NUL character", "As\u0000ha"],
    ["a right-to-left override", "Asha \u202EoaR"],
  ])("refuses a name containing %s", (_what, fullName) => {
    expect(errorFor("fullName", validRequest({ fullName }))).toBe(MESSAGES.fullNameShape);
  });

  it("refuses a name with no letters in it", () => {
    expect(errorFor("fullName", validRequest({ fullName: "12345" }))).toBe(MESSAGES.fullNameShape);
  });

  it("accepts names written in Indian scripts", () => {
    expect(accepted(validRequest({ fullName: "दिव्या शर्मा" })).fullName).toBe("दिव्या शर्मा");
  });
});

describe("the preferred date", () => {
  it("refuses a Sunday: the clinic is closed", () => {
    expect(errorFor("preferredDate", validRequest({ preferredDate: "2026-11-29" }))).toBe(
      "The clinic is closed on Sundays: choose a day from Monday to Saturday",
    );
  });

  it("accepts the Saturday before that Sunday", () => {
    expect(accepted(validRequest({ preferredDate: "2026-11-28" })).preferredDate).toBe("2026-11-28");
  });

  it("refuses yesterday", () => {
    expect(errorFor("preferredDate", validRequest({ preferredDate: "2026-11-24" }))).toBe(MESSAGES.pastDate);
  });

  it("accepts today", () => {
    expect(accepted(validRequest({ preferredDate: "2026-11-25" })).preferredDate).toBe("2026-11-25");
  });

  it("offers the 60 days from today, and no further", () => {
    // Friday 27 Nov 2026, 11:30 in India: day 60 is Tuesday 26 Jan 2027, day 61 a Wednesday.
    const friday = new Date("2026-11-27T06:00:00Z");
    expect(bookableDates(friday)).toEqual({ first: "2026-11-27", last: "2027-01-26" });
    expect(accepted(validRequest({ preferredDate: "2027-01-26" }), friday).preferredDate).toBe("2027-01-26");
    expect(errorFor("preferredDate", validRequest({ preferredDate: "2027-01-27" }), friday)).toBe(
      farDateMessage("2027-01-26"),
    );
  });

  it("tells the patron the last date they may choose, with its weekday", () => {
    expect(farDateMessage("2027-01-26")).toContain("60 days");
    expect(farDateMessage("2027-01-26")).toContain("Tuesday, 26 Jan 2027");
  });

  it.each(["2026-02-30", "27/11/2026", "tomorrow", ""])("refuses %j, which is not a date", (preferredDate) => {
    expect(errorFor("preferredDate", validRequest({ preferredDate }))).toBe(MESSAGES.preferredDate);
  });

  // These sort between today and day 60 as strings: the range and Sunday checks must not run on them.
  it.each(["2026-11-31", "2026-12-32", "2026-13-01"])(
    "refuses %j, an impossible date inside the bookable range, with a message rather than a crash",
    (preferredDate) => {
      expect(errorFor("preferredDate", validRequest({ preferredDate }))).toBe(MESSAGES.preferredDate);
    },
  );
});

describe("the time window", () => {
  it("refuses a slot that already ended today", () => {
    expect(
      errorFor("timeWindow", validRequest({ preferredDate: "2026-11-25", timeWindow: "morning" }), WEDNESDAY_AFTERNOON),
    ).toBe(MESSAGES.windowPassed);
  });

  it("accepts a later slot today", () => {
    const data = accepted(validRequest({ preferredDate: "2026-11-25", timeWindow: "evening" }), WEDNESDAY_AFTERNOON);
    expect(data.timeWindow).toBe("evening");
  });

  it("accepts the same slot that ended today on another day", () => {
    const data = accepted(validRequest({ preferredDate: "2026-11-26", timeWindow: "morning" }), WEDNESDAY_AFTERNOON);
    expect(data.timeWindow).toBe("morning");
  });

  it("closes the morning slot at 1 PM India time, not before", () => {
    const today = validRequest({ preferredDate: "2026-11-25", timeWindow: "morning" });
    expect(errorFor("timeWindow", today, new Date("2026-11-25T07:29:00Z"))).toBeUndefined(); // 12:59 IST
    expect(errorFor("timeWindow", today, new Date("2026-11-25T07:30:00Z"))).toBe(MESSAGES.windowPassed); // 13:00 IST
  });

  it.each(["night", "", "MORNING"])("refuses the unknown slot %j", (timeWindow) => {
    expect(errorFor("timeWindow", validRequest({ timeWindow }))).toBe(MESSAGES.timeWindow);
  });

  it("asks for a time, or to be called, when neither is chosen", () => {
    expect(errorFor("time", validRequest({ timeWindow: undefined }))).toBe(MESSAGES.time);
  });

  it("asks when the clinic may call a patron who asked to be called", () => {
    expect(errorFor("timeWindow", validRequest({ time: "call", timeWindow: undefined }))).toBe(MESSAGES.timeWindow);
    expect(accepted(validRequest({ time: "call", timeWindow: "evening" }))).toMatchObject({ timeWindow: "evening" });
  });

  it("keeps a time picked, and drops a window sent with it", () => {
    const request = accepted(validRequest({ time: "11:20", timeWindow: "evening" }));
    expect(request.time).toBe("11:20");
    expect(request.timeWindow).toBeUndefined();
  });

  it("refuses a forged time that is not one", () => {
    for (const time of ["25:00", "11:20; DROP TABLE", "soon", ""]) expect(errorFor("time", validRequest({ time }))).toBe(MESSAGES.time);
  });
});

describe("the type of consultation", () => {
  it("accepts a phone call", () => {
    expect(accepted(validRequest({ mode: "tele" })).mode).toBe("tele");
  });

  it.each(["in-clinic", "", undefined])("refuses %j", (mode) => {
    expect(errorFor("mode", validRequest({ mode }))).toBe(MESSAGES.mode);
  });
});

describe("the reason for consultation", () => {
  it("accepts 1,000 characters", () => {
    expect(accepted(validRequest({ reason: "a".repeat(1000) })).reason).toHaveLength(1000);
  });

  it("refuses 1,001 characters and says the limit", () => {
    expect(errorFor("reason", validRequest({ reason: "a".repeat(1001) }))).toBe(MESSAGES.reasonTooLong);
    expect(MESSAGES.reasonTooLong).toContain("1,000");
  });

  it.each(["", "   \n\t  "])("asks for a reason when %j is given", (reason) => {
    expect(errorFor("reason", validRequest({ reason }))).toBe(MESSAGES.reason);
  });

  it("refuses control characters hidden in the reason", () => {
    expect(errorFor("reason", validRequest({ reason: "Rash\u0000 on arm" }))).toBe(MESSAGES.reason);
  });
});

describe("consent to be contacted", () => {
  it.each([undefined, "no", "", "on"])("is required: %j is not consent", (consent) => {
    expect(errorFor("consent", validRequest({ consent }))).toBe(MESSAGES.consent);
  });
});

describe("dates are India's, whatever the server's time zone", () => {
  it("starts the bookable dates on India's today, not the server's", () => {
    // 19:00 UTC on Sat 28 Nov is already 00:30 on Sun 29 Nov in India (and still Saturday in UTC and New York).
    const justAfterMidnightInIndia = new Date("2026-11-28T19:00:00Z");
    expect(bookableDates(justAfterMidnightInIndia)).toEqual({ first: "2026-11-29", last: "2027-01-28" });
  });

  it("refuses Saturday as past once it is Sunday in India", () => {
    const justAfterMidnightInIndia = new Date("2026-11-28T19:00:00Z");
    expect(errorFor("preferredDate", validRequest({ preferredDate: "2026-11-28" }), justAfterMidnightInIndia)).toBe(
      MESSAGES.pastDate,
    );
    expect(
      accepted(validRequest({ preferredDate: "2026-11-30", timeWindow: "morning" }), justAfterMidnightInIndia)
        .preferredDate,
    ).toBe("2026-11-30");
  });

  it("still counts Saturday 23:30 in India as Saturday, with every slot of the day over", () => {
    const lateSaturdayInIndia = new Date("2026-11-28T18:00:00Z");
    expect(bookableDates(lateSaturdayInIndia).first).toBe("2026-11-28");
    const request = validRequest({ preferredDate: "2026-11-28", timeWindow: "evening" });
    expect(errorFor("preferredDate", request, lateSaturdayInIndia)).toBeUndefined();
    expect(errorFor("timeWindow", request, lateSaturdayInIndia)).toBe(MESSAGES.windowPassed);
  });

  it("closes the evening slot at 7 PM India time, whatever the server's clock says", () => {
    // 13:29 UTC = 18:59 IST = 08:29 in New York.
    const request = validRequest({ preferredDate: "2026-11-25", timeWindow: "evening" });
    expect(errorFor("timeWindow", request, new Date("2026-11-25T13:29:00Z"))).toBeUndefined();
    expect(errorFor("timeWindow", request, new Date("2026-11-25T13:30:00Z"))).toBe(MESSAGES.windowPassed);
  });
});
