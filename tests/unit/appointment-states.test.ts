import { describe, expect, it } from "vitest";
import {
  APPOINTMENT_STATES,
  applyChange,
  bookAtOnce,
  requestedAppointment,
  type Appointment,
  type AppointmentChange,
  type AppointmentState,
  type ChangeOutcome,
} from "@/lib/appointments/states";

const receivedAt = new Date("2026-11-24T06:00:00Z");
const now = new Date("2026-11-25T06:00:00Z"); // Wednesday 25 Nov 2026, 11:30 in India
const startsAt = new Date("2026-11-28T06:00:00Z"); // Saturday 28 Nov 2026, 11:30 in India
const laterThatDay = new Date("2026-11-28T10:30:00Z"); // Saturday 28 Nov 2026, 16:00 in India
const monday = new Date("2026-11-30T05:30:00Z"); // Monday 30 Nov 2026, 11:00 in India
// The reminder of a Saturday appointment: 18:00 in India on Friday 27 Nov 2026.
const reminderForSaturday = new Date("2026-11-27T12:30:00Z");
const reminderForMonday = new Date("2026-11-29T12:30:00Z");

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/** An appointment in `state` as the store would hold it, changed a few times already. */
function appointmentIn(state: AppointmentState): Appointment {
  const base = { sequence: 3, changedAt: receivedAt, changedBy: "staff" as const, message: null };
  switch (state) {
    case "requested":
      return { ...base, state, startsAt: null, changedBy: "patron" };
    case "proposed":
      return { ...base, state, startsAt };
    case "confirmed":
      return { ...base, state, startsAt };
    case "declined":
      return { ...base, state, startsAt: null, message: "We do not treat this condition online." };
    case "cancelled":
      return { ...base, state, startsAt, message: "The doctor is away that day." };
  }
}

/** The outcome of a change that must be made; fails the test with the refusal if it is not. */
function done(outcome: ChangeOutcome) {
  if (!outcome.done) throw new Error(`expected the change to be made, but it was refused: ${outcome.refusal}`);
  return outcome;
}

/** The refusal of a change that must be refused; fails the test if it is made. */
function refusal(outcome: ChangeOutcome): string {
  if (outcome.done) throw new Error(`expected the change to be refused, but it made the appointment ${outcome.appointment.state}`);
  return outcome.refusal;
}

describe("a new request's appointment", () => {
  it("is requested, with no time yet, at SEQUENCE 0, by the patron, when the request arrived", () => {
    expect(requestedAppointment(receivedAt)).toEqual({
      state: "requested",
      startsAt: null,
      sequence: 0,
      changedAt: receivedAt,
      changedBy: "patron",
      message: null,
    });
  });
});

describe("staff confirming a time", () => {
  it("confirms a request, invites the patron, updates the clinic's calendar and reminds the patron the evening before", () => {
    const outcome = done(applyChange(requestedAppointment(receivedAt), { type: "confirm", startsAt, by: "staff" }, now));
    expect(outcome.appointment).toEqual({
      state: "confirmed",
      startsAt,
      sequence: 1,
      changedAt: now,
      changedBy: "staff",
      message: null,
    });
    expect(outcome.emails).toEqual([
      { kind: "patron-confirmed", recipient: "patron", dueAt: now },
      { kind: "clinic-confirmed", recipient: "clinic", dueAt: now },
      { kind: "patron-reminder", recipient: "patron", dueAt: reminderForSaturday },
    ]);
  });

  it("confirms another time than the one proposed while the patron has not answered", () => {
    const outcome = done(applyChange(appointmentIn("proposed"), { type: "confirm", startsAt: monday, by: "staff" }, now));
    expect(outcome.appointment).toEqual({
      state: "confirmed",
      startsAt: monday,
      sequence: 4,
      changedAt: now,
      changedBy: "staff",
      message: null,
    });
    expect(outcome.emails).toEqual([
      { kind: "patron-confirmed", recipient: "patron", dueAt: now },
      { kind: "clinic-confirmed", recipient: "clinic", dueAt: now },
      { kind: "patron-reminder", recipient: "patron", dueAt: reminderForMonday },
    ]);
  });

  it("confirms a declined request after a call, and forgets the decline's message", () => {
    const outcome = done(applyChange(appointmentIn("declined"), { type: "confirm", startsAt, by: "staff" }, now));
    expect(outcome.appointment).toEqual({ state: "confirmed", startsAt, sequence: 4, changedAt: now, changedBy: "staff", message: null });
    expect(outcome.emails.map(({ kind }) => kind)).toEqual(["patron-confirmed", "clinic-confirmed", "patron-reminder"]);
  });

  it("moves a confirmed appointment to another day, with a new invitation and a reminder for the new day", () => {
    const outcome = done(applyChange(appointmentIn("confirmed"), { type: "confirm", startsAt: monday, by: "staff" }, now));
    expect(outcome.appointment).toEqual({
      state: "confirmed",
      startsAt: monday,
      sequence: 4,
      changedAt: now,
      changedBy: "staff",
      message: null,
    });
    expect(outcome.emails).toEqual([
      { kind: "patron-confirmed", recipient: "patron", dueAt: now },
      { kind: "clinic-confirmed", recipient: "clinic", dueAt: now },
      { kind: "patron-reminder", recipient: "patron", dueAt: reminderForMonday },
    ]);
  });

  it("moves a confirmed appointment to another time the same day", () => {
    const outcome = done(applyChange(appointmentIn("confirmed"), { type: "confirm", startsAt: laterThatDay, by: "staff" }, now));
    expect(outcome.appointment.startsAt).toEqual(laterThatDay);
    expect(outcome.appointment.sequence).toBe(4);
  });

  it("refuses to confirm the time it is already confirmed at, so nothing is sent twice", () => {
    const outcome = applyChange(appointmentIn("confirmed"), { type: "confirm", startsAt: new Date(startsAt), by: "staff" }, now);
    expect(refusal(outcome)).toBe("The appointment is already confirmed at that time.");
  });

  it.each([
    ["a time that has passed", new Date(now.getTime() - MINUTE)],
    ["this very moment", new Date(now)],
  ])("refuses to confirm %s", (_, past) => {
    for (const state of ["requested", "proposed", "declined", "confirmed"] as const) {
      expect(refusal(applyChange(appointmentIn(state), { type: "confirm", startsAt: past, by: "staff" }, now))).toBe(
        "Choose a time that has not passed.",
      );
    }
  });

  it("leaves the appointment it was given as it was", () => {
    const current = appointmentIn("proposed");
    const before = structuredClone(current);
    applyChange(current, { type: "confirm", startsAt: monday, by: "staff" }, now);
    expect(current).toEqual(before);
  });
});

describe("the patron's reminder, due at 18:00 India time the evening before", () => {
  const confirmAt = (at: Date) => done(applyChange(requestedAppointment(receivedAt), { type: "confirm", startsAt, by: "staff" }, at));
  const reminders = (outcome: ReturnType<typeof confirmAt>) => outcome.emails.filter(({ kind }) => kind === "patron-reminder");

  it("is written when the appointment is confirmed before that evening", () => {
    expect(reminders(confirmAt(new Date(reminderForSaturday.getTime() - MINUTE)))).toEqual([
      { kind: "patron-reminder", recipient: "patron", dueAt: reminderForSaturday },
    ]);
  });

  it("is not written when the confirmation itself comes at or after that moment", () => {
    expect(reminders(confirmAt(reminderForSaturday))).toEqual([]);
    expect(reminders(confirmAt(new Date("2026-11-28T02:00:00Z")))).toEqual([]); // 07:30 on the day
  });

  it("is not written when the patron accepts a proposed time after that evening", () => {
    const anHourLate = new Date(reminderForSaturday.getTime() + HOUR);
    const accepted = done(applyChange(appointmentIn("proposed"), { type: "accept-proposal", by: "patron" }, anHourLate));
    expect(accepted.emails.map(({ kind }) => kind)).toEqual(["patron-confirmed", "clinic-confirmed"]);
  });

  it("is due the evening before in India even when that is another date in UTC", () => {
    // 00:30 on Sunday 29 Nov in India is still Saturday in UTC: the reminder is at 18:00 on Saturday 28 Nov, India time.
    const earlySunday = new Date("2026-11-28T19:00:00Z");
    const outcome = done(applyChange(requestedAppointment(receivedAt), { type: "confirm", startsAt: earlySunday, by: "staff" }, now));
    expect(outcome.emails.find(({ kind }) => kind === "patron-reminder")?.dueAt).toEqual(new Date("2026-11-28T12:30:00Z"));
  });
});

describe("staff proposing another time", () => {
  it.each(["requested", "proposed", "declined"] as const)("proposes a time for a %s request and asks the patron", (state) => {
    const current = appointmentIn(state);
    const outcome = done(applyChange(current, { type: "propose", startsAt: monday, by: "staff" }, now));
    expect(outcome.appointment).toEqual({
      state: "proposed",
      startsAt: monday,
      sequence: current.sequence + 1,
      changedAt: now,
      changedBy: "staff",
      message: null,
    });
    expect(outcome.emails).toEqual([{ kind: "patron-proposal", recipient: "patron", dueAt: now }]);
  });

  it("refuses to propose a time that has passed", () => {
    expect(refusal(applyChange(appointmentIn("requested"), { type: "propose", startsAt: now, by: "staff" }, now))).toBe(
      "Choose a time that has not passed.",
    );
  });
});

describe("the patron answering a proposed time", () => {
  it("accepts it: the appointment is confirmed at that time, by the patron, with the invitation and the reminder", () => {
    const outcome = done(applyChange(appointmentIn("proposed"), { type: "accept-proposal", by: "patron" }, now));
    expect(outcome.appointment).toEqual({ state: "confirmed", startsAt, sequence: 4, changedAt: now, changedBy: "patron", message: null });
    expect(outcome.emails).toEqual([
      { kind: "patron-confirmed", recipient: "patron", dueAt: now },
      { kind: "clinic-confirmed", recipient: "clinic", dueAt: now },
      { kind: "patron-reminder", recipient: "patron", dueAt: reminderForSaturday },
    ]);
  });

  it.each([
    ["once it has passed", new Date(startsAt.getTime() + MINUTE)],
    ["at the time itself", new Date(startsAt)],
  ])("cannot accept it %s, and is told to call the clinic", (_, at) => {
    const refused = refusal(applyChange(appointmentIn("proposed"), { type: "accept-proposal", by: "patron" }, at));
    expect(refused).toBe("The proposed time has passed. Please call the clinic to agree another.");
  });

  it("declines it: the request stands, with no time, and the clinic is told", () => {
    const outcome = done(applyChange(appointmentIn("proposed"), { type: "decline-proposal", by: "patron" }, now));
    expect(outcome.appointment).toEqual({
      state: "requested",
      startsAt: null,
      sequence: 4,
      changedAt: now,
      changedBy: "patron",
      message: null,
    });
    expect(outcome.emails).toEqual([{ kind: "clinic-proposal-declined", recipient: "clinic", dueAt: now }]);
  });
});

describe("staff declining a request", () => {
  it.each(["requested", "proposed"] as const)("declines a %s request with their message, telling the patron and the calendar", (state) => {
    const current = appointmentIn(state);
    const message = "We do not treat this condition online: please visit the clinic.";
    const outcome = done(applyChange(current, { type: "decline", message, by: "staff" }, now));
    expect(outcome.appointment).toEqual({
      state: "declined",
      startsAt: null,
      sequence: current.sequence + 1,
      changedAt: now,
      changedBy: "staff",
      message,
    });
    expect(outcome.emails).toEqual([
      { kind: "patron-declined", recipient: "patron", dueAt: now },
      { kind: "clinic-declined", recipient: "clinic", dueAt: now },
    ]);
  });
});

describe("cancelling a confirmed appointment", () => {
  const twoHoursBefore = new Date(startsAt.getTime() - 2 * HOUR);
  const justUnderTwoHoursBefore = new Date(twoHoursBefore.getTime() + MINUTE);

  it("lets the patron cancel, keeping the time it was at, and tells both sides", () => {
    const outcome = done(applyChange(appointmentIn("confirmed"), { type: "cancel", message: null, by: "patron" }, now));
    expect(outcome.appointment).toEqual({ state: "cancelled", startsAt, sequence: 4, changedAt: now, changedBy: "patron", message: null });
    expect(outcome.emails).toEqual([
      { kind: "patron-cancelled", recipient: "patron", dueAt: now },
      { kind: "clinic-cancelled", recipient: "clinic", dueAt: now },
    ]);
  });

  it("lets staff cancel with a message to the patron", () => {
    const message = "The doctor is unwell today; we will call you to agree another day.";
    const outcome = done(applyChange(appointmentIn("confirmed"), { type: "cancel", message, by: "staff" }, now));
    expect(outcome.appointment).toEqual({ state: "cancelled", startsAt, sequence: 4, changedAt: now, changedBy: "staff", message });
    expect(outcome.emails).toEqual([
      { kind: "patron-cancelled", recipient: "patron", dueAt: now },
      { kind: "clinic-cancelled", recipient: "clinic", dueAt: now },
    ]);
  });

  it("lets the patron cancel up to two hours before", () => {
    expect(applyChange(appointmentIn("confirmed"), { type: "cancel", message: null, by: "patron" }, twoHoursBefore).done).toBe(true);
  });

  it("refuses a patron's cancellation less than two hours before, and asks them to call", () => {
    const change = { type: "cancel", message: null, by: "patron" } as const;
    const refused = refusal(applyChange(appointmentIn("confirmed"), change, justUnderTwoHoursBefore));
    expect(refused).toContain("less than two hours");
    expect(refused).toContain("call the clinic");
  });

  it("lets staff cancel less than two hours before, when the patron may not", () => {
    const change = { type: "cancel", message: "Sorry.", by: "staff" } as const;
    const outcome = done(applyChange(appointmentIn("confirmed"), change, justUnderTwoHoursBefore));
    expect(outcome.appointment.state).toBe("cancelled");
  });

  it.each(["staff", "patron"] as const)("refuses a cancellation by %s once the time has come", (by) => {
    for (const at of [startsAt, new Date(startsAt.getTime() + HOUR)]) {
      expect(refusal(applyChange(appointmentIn("confirmed"), { type: "cancel", message: null, by }, at))).toBe(
        "This appointment's time has passed.",
      );
    }
  });
});

describe("withdrawing consent", () => {
  const WITHDRAWN_EMAILS = [
    { kind: "patron-withdrawn", recipient: "patron", dueAt: now },
    { kind: "clinic-withdrawn", recipient: "clinic", dueAt: now },
  ];
  const twoHoursBefore = new Date(startsAt.getTime() - 2 * HOUR);
  const justUnderTwoHoursBefore = new Date(twoHoursBefore.getTime() + MINUTE);
  const withdraw = (by: "patron" | "staff") => ({ type: "withdraw", by }) as const;

  describe.each(["patron", "staff"] as const)("by %s", (by) => {
    it.each(["requested", "proposed", "confirmed"] as const)(
      "cancels a %s appointment still to happen, keeping its time, and tells both sides",
      (state) => {
        const current = appointmentIn(state);
        const outcome = done(applyChange(current, withdraw(by), now));
        expect(outcome.appointment).toEqual({
          state: "cancelled",
          startsAt: current.startsAt,
          sequence: 4,
          changedAt: now,
          changedBy: by,
          message: null,
        });
        expect(outcome.emails).toEqual(WITHDRAWN_EMAILS);
      },
    );

    it.each(["declined", "cancelled"] as const)(
      "leaves a %s appointment in its state, erases its message and moves its SEQUENCE on, telling both sides",
      (state) => {
        const current = appointmentIn(state);
        expect(current.message).not.toBeNull();
        const outcome = done(applyChange(current, withdraw(by), now));
        expect(outcome.appointment).toEqual({ ...current, sequence: 4, message: null });
        expect(outcome.emails).toEqual(WITHDRAWN_EMAILS);
      },
    );
  });

  it("cancels a confirmed appointment less than two hours before, when the patron may no longer cancel it", () => {
    const current = appointmentIn("confirmed");
    expect(refusal(applyChange(current, { type: "cancel", message: null, by: "patron" }, justUnderTwoHoursBefore))).toContain(
      "less than two hours",
    );
    const outcome = done(applyChange(current, withdraw("patron"), justUnderTwoHoursBefore));
    expect(outcome.appointment).toEqual({
      state: "cancelled",
      startsAt,
      sequence: 4,
      changedAt: justUnderTwoHoursBefore,
      changedBy: "patron",
      message: null,
    });
    expect(outcome.emails.map(({ kind, dueAt }) => [kind, dueAt])).toEqual([
      ["patron-withdrawn", justUnderTwoHoursBefore],
      ["clinic-withdrawn", justUnderTwoHoursBefore],
    ]);
    // A minute before its time, it is still to happen.
    const lastMinute = new Date(startsAt.getTime() - MINUTE);
    expect(done(applyChange(current, withdraw("patron"), lastMinute)).appointment.state).toBe("cancelled");
  });

  it.each([
    ["at its time", new Date(startsAt)],
    ["an hour after its time", new Date(startsAt.getTime() + HOUR)],
    ["days after its time", new Date("2026-12-05T06:00:00Z")],
  ])("does not cancel a confirmed appointment %s, which has happened, but still erases and tells both sides", (_, at) => {
    const current = { ...appointmentIn("confirmed"), message: "Bring your earlier prescriptions." };
    const outcome = done(applyChange(current, withdraw("patron"), at));
    expect(outcome.appointment).toEqual({ ...current, sequence: 4, message: null });
    expect(outcome.emails.map(({ kind, recipient, dueAt }) => [kind, recipient, dueAt])).toEqual([
      ["patron-withdrawn", "patron", at],
      ["clinic-withdrawn", "clinic", at],
    ]);
  });

  it("writes no reminder, even for an appointment days away", () => {
    const outcome = done(applyChange(appointmentIn("confirmed"), withdraw("staff"), now));
    expect(outcome.emails.map(({ kind }) => kind)).not.toContain("patron-reminder");
  });

  it("leaves the appointment it was given as it was", () => {
    for (const state of APPOINTMENT_STATES) {
      const current = appointmentIn(state);
      const before = structuredClone(current);
      applyChange(current, withdraw("patron"), now);
      expect(current).toEqual(before);
    }
  });
});

describe("changes the appointment's state does not allow", () => {
  // Every change, with times that would be fine, so that only the state can refuse it.
  const CHANGES: AppointmentChange[] = [
    { type: "confirm", startsAt: monday, by: "staff" },
    { type: "propose", startsAt: monday, by: "staff" },
    { type: "accept-proposal", by: "patron" },
    { type: "decline-proposal", by: "patron" },
    { type: "decline", message: "Sorry.", by: "staff" },
    { type: "cancel", message: null, by: "staff" },
    { type: "withdraw", by: "patron" },
    { type: "move", startsAt: monday, by: "patron", confirmation: "staff" },
  ];
  const ALLOWED: Record<AppointmentChange["type"], AppointmentState[]> = {
    confirm: ["requested", "proposed", "declined", "confirmed"],
    propose: ["requested", "proposed", "declined"],
    "accept-proposal": ["proposed"],
    "decline-proposal": ["proposed"],
    decline: ["requested", "proposed"],
    cancel: ["confirmed"],
    withdraw: ["requested", "proposed", "confirmed", "declined", "cancelled"],
    move: ["requested", "confirmed"],
  };
  // What the refusal must say about where the appointment stands.
  const SAYS: Record<AppointmentState, string> = {
    requested: "not yet offered a time",
    proposed: "waiting for the patron",
    confirmed: "is confirmed",
    declined: "has declined",
    cancelled: "was cancelled",
  };
  const illegal = APPOINTMENT_STATES.flatMap((state) =>
    CHANGES.filter((change) => !ALLOWED[change.type].includes(state)).map((change) => [change.type, state, change] as const),
  );

  it("are the 21 of the 40 pairs of change and state that the diagram leaves out", () => {
    expect(illegal).toHaveLength(21);
  });

  it.each(illegal)("refuses %s of a %s appointment, saying where it stands", (_, state, change) => {
    const refused = refusal(applyChange(appointmentIn(state), change, now));
    expect(refused).toContain(SAYS[state]);
    expect(refused).toMatch(/^[A-Z][^\n]*\.$/);
  });

  it.each(["requested", "proposed", "declined", "cancelled"] as const)("refuses the patron's cancellation of a %s one too", (state) => {
    const change = { type: "cancel", message: null, by: "patron" } as const;
    expect(refusal(applyChange(appointmentIn(state), change, now))).toContain(SAYS[state]);
  });
});

describe("the patron moving their appointment to another free time", () => {
  const held = { ...appointmentIn("requested"), startsAt };
  const move = (to: Date, confirmation: "staff" | "instant" = "staff") => ({ type: "move", startsAt: to, by: "patron", confirmation }) as const;

  it("waits for the clinic to confirm the new time again when staff confirm, releasing the old one", () => {
    const outcome = done(applyChange(appointmentIn("confirmed"), move(monday), now));
    expect(outcome.appointment).toMatchObject({ state: "requested", startsAt: monday, sequence: 4, changedBy: "patron", changedAt: now });
    // No reminder for a time not yet confirmed; the old one is replaced by the change.
    expect(outcome.emails.map((email) => email.kind)).toEqual(["patron-moved", "clinic-moved"]);
  });

  it("is booked at once, with its reminder, when the site books at once", () => {
    const outcome = done(applyChange(held, move(monday, "instant"), now));
    expect(outcome.appointment).toMatchObject({ state: "confirmed", startsAt: monday });
    expect(outcome.emails).toEqual([
      { kind: "patron-moved", recipient: "patron", dueAt: now },
      { kind: "clinic-moved", recipient: "clinic", dueAt: now },
      { kind: "patron-reminder", recipient: "patron", dueAt: reminderForMonday },
    ]);
  });

  it("is refused within two hours of the appointment, to a time that has passed, or to the same time", () => {
    const late = new Date(startsAt.getTime() - 2 * HOUR + MINUTE);
    expect(refusal(applyChange(held, move(monday), late))).toContain("less than two hours");
    expect(refusal(applyChange(held, move(new Date(now.getTime() - MINUTE)), now))).toContain("has not passed");
    expect(refusal(applyChange(held, move(startsAt), now))).toContain("already your appointment's time");
    expect(refusal(applyChange(appointmentIn("requested"), move(monday), now))).toContain("no time to move");
  });
});

describe("a request booked at once (BOOKING_CONFIRMATION=instant)", () => {
  it("is confirmed by the site as it is stored: the patron's confirmation, the clinic told it was booked, and the reminder", () => {
    const outcome = bookAtOnce({ ...appointmentIn("requested"), sequence: 0, startsAt }, now);
    expect(outcome.appointment).toMatchObject({ state: "confirmed", startsAt, sequence: 1, changedBy: "system" });
    expect(outcome.emails.map((email) => email.kind)).toEqual(["patron-confirmed", "clinic-booked", "patron-reminder"]);
  });
});
