import ICAL from "ical.js";
import type { SendMailOptions } from "nodemailer";
import { describe, expect, it } from "vitest";
import type { AppointmentState } from "@/lib/appointments/states";
import { appointmentUid } from "@/lib/mail/calendar";
import { composeWithdrawalEmail, type WithdrawalEmailContext } from "@/lib/mail/withdrawal-emails";
import type { EmailDetails } from "@/lib/store/clinic-store";

const reference = "DS-7KQ2-MX9P";
const startsAt = new Date("2026-11-28T06:00:00Z"); // Saturday 28 Nov 2026, 11:30 in India
const WHEN = "Sat 28 Nov 2026, 11:30 AM IST";
const MAIL_FROM = '"Dr. Divya Sharma website" <info@drdivyasharma.com>';
const CLINIC_INBOX = "info@drdivyasharma.com";

// The patron's details, erased from the request by the withdrawal: none of them may reach the clinic's inbox again.
const patron = { fullName: "Asha Rao", email: "asha@example.com", mode: "video" } as const;
const MOBILE = "+919876543210";
const REASON = "Acne scars on both cheeks.";

/** What lib/appointments/withdrawal.ts records with the withdrawal's emails: the patron only on the patron's own. */
function detailsOf(cancelledFrom: AppointmentState | undefined, recipient: "patron" | "clinic", by: "patron" | "staff" = "patron"): EmailDetails {
  return {
    startsAt: startsAt.getTime(),
    sequence: 4,
    by,
    ...(cancelledFrom ? { cancelledFrom } : {}),
    ...(recipient === "patron" ? { patron } : {}),
  };
}

function context(details: EmailDetails): WithdrawalEmailContext {
  return {
    reference,
    details,
    clinic: { name: "Dr. Divya Sharma", phone: "+919620638388", phoneDisplay: "9620638388", email: "info@drdivyasharma.com" },
    config: { mailFrom: MAIL_FROM, clinicInbox: CLINIC_INBOX, siteUrl: "https://www.drdivyasharma.com", consultationMinutes: 20 },
  };
}

function acknowledgement(cancelledFrom?: AppointmentState, by: "patron" | "staff" = "patron") {
  const message = composeWithdrawalEmail("patron-withdrawn", context(detailsOf(cancelledFrom, "patron", by)));
  if (!message) throw new Error("expected the patron's acknowledgement");
  return { ...message, text: String(message.text), html: String(message.html), subject: String(message.subject) };
}

function clinicNotice(cancelledFrom?: AppointmentState, details: EmailDetails = detailsOf(cancelledFrom, "clinic")) {
  const message = composeWithdrawalEmail("clinic-withdrawn", context(details));
  if (!message) throw new Error("expected the clinic's notice");
  return { ...message, text: String(message.text), html: String(message.html), subject: String(message.subject) };
}

/** An email's calendar part, read back by a real iCalendar parser. */
function calendarPart(message: SendMailOptions) {
  const attachment = message.icalEvent as { method: string; content: string } | undefined;
  if (!attachment) throw new Error("the email has no calendar part");
  const calendar = new ICAL.Component(ICAL.parse(attachment.content));
  const event = calendar.getFirstSubcomponent("vevent");
  if (!event) throw new Error(`no VEVENT in ${attachment.content}`);
  return {
    attachment,
    events: calendar.getAllSubcomponents("vevent").length,
    method: calendar.getFirstPropertyValue("method"),
    uid: event.getFirstPropertyValue("uid"),
    sequence: event.getFirstPropertyValue("sequence"),
    status: event.getFirstPropertyValue("status"),
    startsAt: (event.getFirstPropertyValue("dtstart") as InstanceType<typeof ICAL.Time>).toJSDate(),
    attendees: event.getAllProperties("attendee").map((attendee) => String(attendee.getFirstValue())),
  };
}

const STILL_TO_HAPPEN = ["requested", "proposed"] as const;
/** What a withdrawal may have cancelled, named for the tests: nothing, or the state the appointment was in. */
const CANCELLED_FROM = [
  ["nothing cancelled", undefined],
  ["a requested one cancelled", "requested"],
  ["a proposed one cancelled", "proposed"],
  ["a confirmed one cancelled", "confirmed"],
] as const;

describe("the patron's acknowledgement of a withdrawal", () => {
  it("goes to the patron at the address the outbox kept, from the website, replies going to the clinic", () => {
    const message = acknowledgement("confirmed");
    expect(message.to).toEqual({ name: "Asha Rao", address: "asha@example.com" });
    expect(message.from).toBe(MAIL_FROM);
    expect(message.replyTo).toBe(CLINIC_INBOX);
    expect(message.subject).toBe(`Your details have been deleted [${reference}]`);
  });

  it.each(CANCELLED_FROM)(
    "says in both parts that the details are deleted and only the reference is kept (%s)",
    (_, cancelledFrom) => {
      const { text, html } = acknowledgement(cancelledFrom);
      for (const part of [text, html]) {
        expect(part).toContain("Dear Asha Rao,");
        expect(part).toContain("your consent is withdrawn and your details are deleted");
        expect(part).toContain(`Only the reference ${reference}`);
        expect(part).toContain("https://www.drdivyasharma.com/book");
      }
    },
  );

  it("says a confirmed consultation is cancelled, and takes it out of the patron's calendar with a CANCEL", () => {
    const message = acknowledgement("confirmed");
    expect(message.text).toContain(`Your consultation on ${WHEN} is cancelled.`);
    const event = calendarPart(message);
    expect(event.attachment.method).toBe("CANCEL");
    expect(event.method).toBe("CANCEL");
    expect(event.events).toBe(1);
    expect(event.status).toBe("CANCELLED");
    expect(event.uid).toBe(appointmentUid(reference));
    expect(event.sequence).toBe(4);
    expect(event.startsAt).toEqual(startsAt);
    expect(event.attendees).toEqual([expect.stringMatching(/^mailto:asha@example\.com$/i)]);
  });

  it.each(STILL_TO_HAPPEN)("says a %s request is withdrawn, with no calendar part: the patron's calendar has no event", (state) => {
    const message = acknowledgement(state);
    expect(message.text).toContain(`Your consultation request ${reference} is withdrawn`);
    expect(message.text).not.toContain("is cancelled");
    expect(message.icalEvent).toBeUndefined();
  });

  it("says nothing was cancelled, and has no calendar part, when nothing was still to happen", () => {
    const message = acknowledgement(undefined);
    expect(message.text).not.toContain("cancelled");
    expect(message.text).not.toContain("is withdrawn:");
    expect(message.icalEvent).toBeUndefined();
  });

  it("is not written when the outbox no longer has the patron's address", () => {
    for (const cancelledFrom of [undefined, "requested", "confirmed"] as const) {
      expect(composeWithdrawalEmail("patron-withdrawn", context(detailsOf(cancelledFrom, "clinic")))).toBeNull();
    }
  });
});

describe("the clinic's notice of a withdrawal", () => {
  /** Everything the message holds, its headers and calendar part included. */
  const everything = (message: SendMailOptions) => JSON.stringify(message);

  it("goes to the clinic's inbox, with no patron to reply to", () => {
    const message = clinicNotice("confirmed");
    expect(message.to).toBe(CLINIC_INBOX);
    expect(message.from).toBe(MAIL_FROM);
    expect(message.replyTo).toBeUndefined();
    expect(message.subject).toBe(`Consent withdrawn, details deleted: consultation ${WHEN} cancelled [${reference}]`);
    expect(clinicNotice(undefined).subject).toBe(`Consent withdrawn, details deleted [${reference}]`);
  });

  it.each(CANCELLED_FROM)(
    "holds none of the patron's details (%s), even were the outbox row to carry them",
    (_, cancelledFrom) => {
      for (const details of [detailsOf(cancelledFrom, "clinic"), detailsOf(cancelledFrom, "patron")]) {
        const all = everything(clinicNotice(cancelledFrom, details));
        for (const detail of [patron.fullName, "Asha", patron.email, "asha@", MOBILE, "9876543210", REASON, "Acne"]) {
          expect(all).not.toContain(detail);
        }
      }
    },
  );

  it("says who asked, and asks staff to delete what the clinic keeps of the patron elsewhere", () => {
    expect(clinicNotice(undefined).text).toContain(`The patron of request ${reference} withdrew their consent`);
    expect(clinicNotice(undefined, detailsOf(undefined, "clinic", "staff")).text).toContain(
      `The details of request ${reference} were deleted by staff`,
    );
    expect(clinicNotice(undefined).text).toContain(`such as the earlier emails about ${reference} in this inbox`);
  });

  it.each([...STILL_TO_HAPPEN, "confirmed"] as const)(
    "takes the %s appointment's event out of the clinic's calendar with a CANCEL that invites nobody",
    (state) => {
      const event = calendarPart(clinicNotice(state));
      expect(event.attachment.method).toBe("CANCEL");
      expect(event.method).toBe("CANCEL");
      expect(event.status).toBe("CANCELLED");
      expect(event.uid).toBe(appointmentUid(reference));
      expect(event.sequence).toBe(4);
      expect(event.startsAt).toEqual(startsAt);
      expect(event.attendees).toEqual([]);
    },
  );

  it("says a confirmed consultation is cancelled, at its time in India", () => {
    expect(clinicNotice("confirmed").text).toContain(`Their consultation on ${WHEN} is cancelled.`);
  });

  it("has no calendar part when nothing was cancelled", () => {
    expect(clinicNotice(undefined).icalEvent).toBeUndefined();
  });
});
