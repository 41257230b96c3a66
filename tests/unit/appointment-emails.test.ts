import ICAL from "ical.js";
import type { SendMailOptions } from "nodemailer";
import { describe, expect, it } from "vitest";
import type { AppointmentEmailKind, WithdrawalEmailKind } from "@/lib/appointments/states";
import type { ConsultationRequest } from "@/lib/booking/schema";
import { composeAgendaEmail, type AgendaEntry } from "@/lib/mail/agenda-email";
import { composeAppointmentEmail, videoLinkFor, type AppointmentEmailContext } from "@/lib/mail/appointment-emails";
import { composeBookingEmail } from "@/lib/mail/booking-email";
import { appointmentUid, mailAddress } from "@/lib/mail/calendar";
import { composeConfirmationEmail } from "@/lib/mail/confirmation-email";
import { WITHDRAW_LINK_TEXT } from "@/lib/mail/layout";

const reference = "DS-7KQ2-MX9P";
const startsAt = new Date("2026-11-28T06:00:00Z"); // Saturday 28 Nov 2026, 11:30 in India
const WHEN = "Sat 28 Nov 2026, 11:30 AM IST";
const MAIL_FROM = '"Dr. Divya Sharma website" <info@drdivyasharma.com>';
const STAFF_LINK = "https://www.drdivyasharma.com/staff/requests/v1.staffkey.staff.DS-7KQ2-MX9P.mis8k0g0.c2lnbmF0dXJl";
const PATRON_LINK = "https://www.drdivyasharma.com/appointments/v1.staffkey.patron.DS-7KQ2-MX9P.mis8k0g0.c2lnbmF0dXJl";
const WITHDRAW_LINK = "https://www.drdivyasharma.com/privacy/withdraw/v1.staffkey.withdraw.DS-7KQ2-MX9P.mis8k0g0.c2lnbmF0dXJl";
const PRIVACY_NOTICE = "https://www.drdivyasharma.com/privacy";
/** The patron's consent as the form recorded it: version 2026-11 of the notice, at 11:29 in India on 25 Nov. */
const consent = { version: "2026-11", givenAt: new Date("2026-11-25T05:59:40Z"), noticeLanguage: "en" as const };

const request: ConsultationRequest = {
  fullName: "Asha Rao",
  mobile: "+919876543210",
  email: "asha@example.com",
  mode: "video",
  preferredDate: "2026-11-28",
  timeWindow: "evening",
  reason: "Acne scars on both cheeks.",
  consent: "yes",
};

/** The context of a confirmation by staff, at SEQUENCE 1 (the request's tentative event was 0). */
const context: AppointmentEmailContext = {
  reference,
  request,
  startsAt,
  sequence: 1,
  message: null,
  by: "staff",
  clinic: { name: "Dr. Divya Sharma", phone: "+919620638388", phoneDisplay: "9620638388", email: "info@drdivyasharma.com" },
  config: {
    mailFrom: MAIL_FROM,
    clinicInbox: "info@drdivyasharma.com",
    siteUrl: "https://www.drdivyasharma.com",
    videoLink: undefined,
    consultationMinutes: 20,
  },
  links: { staff: STAFF_LINK, patron: PATRON_LINK, withdraw: WITHDRAW_LINK },
};

type Overrides = Partial<Omit<AppointmentEmailContext, "config" | "request">> & {
  config?: Partial<AppointmentEmailContext["config"]>;
  request?: Partial<ConsultationRequest>;
};

/** The kinds composeAppointmentEmail writes; the withdrawal's two are composeWithdrawalEmail's, and a booking's the booking email's. */
type ChangeEmailKind = Exclude<AppointmentEmailKind, WithdrawalEmailKind | "clinic-booked">;

function compose(kind: ChangeEmailKind, overrides: Overrides = {}) {
  const message = composeAppointmentEmail(kind, {
    ...context,
    ...overrides,
    config: { ...context.config, ...overrides.config },
    request: { ...request, ...overrides.request },
  });
  return { ...message, text: String(message.text), html: String(message.html), subject: String(message.subject) };
}

/** An email's calendar part, read back by a real iCalendar parser. */
function invitation(message: SendMailOptions) {
  const attachment = message.icalEvent as { method: string; filename: string; content: string };
  expect(attachment, "the email has no calendar part").toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(attachment.content));
  const event = calendar.getFirstSubcomponent("vevent");
  if (!event) throw new Error(`no VEVENT in ${attachment.content}`);
  const start = event.getFirstPropertyValue("dtstart") as InstanceType<typeof ICAL.Time>;
  const duration = event.getFirstPropertyValue("duration") as InstanceType<typeof ICAL.Duration> | null;
  const sequence = event.getFirstPropertyValue("sequence");
  return {
    attachment,
    events: calendar.getAllSubcomponents("vevent").length,
    method: calendar.getFirstPropertyValue("method"),
    uid: event.getFirstPropertyValue("uid"),
    sequence: typeof sequence === "number" ? sequence : undefined,
    status: event.getFirstPropertyValue("status"),
    start,
    startsAt: start.toJSDate(),
    minutes: duration && duration.toSeconds() / 60,
    organizer: event.getFirstProperty("organizer"),
    attendees: event.getAllProperties("attendee").map((attendee) => String(attendee.getFirstValue())),
    location: event.getFirstPropertyValue("location"),
    description: String(event.getFirstPropertyValue("description")),
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The words of the link to `href`: the HTML anchor's text, and the plain-text line that leads to it. */
function linkText(message: { text: string; html: string }, href: string): { text: string; html: string } {
  const anchor = new RegExp(`<a href="${escapeRegExp(href)}"[^>]*>([^<]*)</a>`).exec(message.html);
  const lines = message.text.split("\n");
  const at = lines.findIndex((line) => line.includes(href));
  const line = at < 0 ? "" : lines[at].slice(0, lines[at].indexOf(href)).trim();
  return { html: anchor?.[1] ?? "", text: line || (at > 0 ? lines[at - 1] : "") };
}

const PATRON_KINDS: ChangeEmailKind[] = [
  "patron-confirmed",
  "patron-proposal",
  "patron-declined",
  "patron-cancelled",
  "patron-reminder",
];
const CLINIC_KINDS: ChangeEmailKind[] = ["clinic-confirmed", "clinic-proposal-declined", "clinic-declined", "clinic-cancelled"];

describe("the patron's confirmation", () => {
  it("says in its subject that it is confirmed and when, in India time", () => {
    const { subject } = compose("patron-confirmed");
    expect(subject).toContain("Confirmed");
    expect(subject).toContain(WHEN);
    expect(subject).toContain(reference);
  });

  it("goes to the patron from the website, replies going to the clinic", () => {
    const message = compose("patron-confirmed");
    expect(message.to).toEqual({ name: "Asha Rao", address: "asha@example.com" });
    expect(message.from).toBe(MAIL_FROM);
    expect(message.replyTo).toBe("info@drdivyasharma.com");
  });

  it("gives the time, the length and the reference in both parts", () => {
    const { text, html } = compose("patron-confirmed");
    for (const part of [text, html]) {
      expect(part).toContain(WHEN);
      expect(part).toContain("20 minutes");
      expect(part).toContain(reference);
    }
  });

  it("carries the invitation: a REQUEST with the same METHOD as the email says it is", () => {
    const event = invitation(compose("patron-confirmed"));
    expect(event.attachment.method).toBe("REQUEST");
    expect(event.method).toBe("REQUEST");
    expect(event.events).toBe(1);
    expect(event.status).toBe("CONFIRMED");
  });

  it("invites the patron, from the bare address of MAIL_FROM", () => {
    const event = invitation(compose("patron-confirmed"));
    expect(String(event.organizer?.getFirstValue())).toMatch(/^mailto:info@drdivyasharma\.com$/i);
    expect(event.organizer?.getParameter("cn")).toBe("Dr. Divya Sharma");
    expect(event.attendees).toHaveLength(1);
    expect(event.attendees[0]).toMatch(/^mailto:asha@example\.com$/i);
  });

  it("takes the organizer's address from any form of MAIL_FROM", () => {
    expect(mailAddress('"Dr. Divya Sharma website" <info@drdivyasharma.com>')).toBe("info@drdivyasharma.com");
    expect(mailAddress("web@example.com")).toBe("web@example.com");
    const event = invitation(compose("patron-confirmed", { config: { mailFrom: "Clinic website <Web@Example.com>" } }));
    expect(String(event.organizer?.getFirstValue())).toMatch(/^mailto:Web@Example\.com$/i);
  });

  it("starts at the agreed instant, written in UTC, and lasts CONSULTATION_MINUTES", () => {
    const event = invitation(compose("patron-confirmed"));
    expect(event.start.zone.tzid).toBe("UTC");
    expect(event.startsAt).toEqual(startsAt);
    expect(event.minutes).toBe(20);
    expect(invitation(compose("patron-confirmed", { config: { consultationMinutes: 45 } })).minutes).toBe(45);
  });

  it("is the same event as the request's tentative one in the clinic's calendar, at the change's SEQUENCE", () => {
    const requested = invitation(composeBookingEmail(request, {
      reference,
      receivedAt: new Date("2026-11-25T06:00:00Z"),
      clinic: { name: "Dr. Divya Sharma" },
      config: context.config,
      staffLink: STAFF_LINK,
      consent,
    }));
    expect(requested.method).toBe("PUBLISH");
    expect(requested.sequence).toBe(0);
    const confirmed = invitation(compose("patron-confirmed"));
    expect(confirmed.uid).toBe(`${reference}@consultation-requests`);
    expect(confirmed.uid).toBe(requested.uid);
    expect(confirmed.uid).toBe(appointmentUid(reference));
    expect(confirmed.sequence).toBe(1);
    expect(invitation(compose("patron-confirmed", { sequence: 4 })).sequence).toBe(4);
  });

  it("links to the patron's page to cancel, in both parts", () => {
    const words = linkText(compose("patron-confirmed"), PATRON_LINK);
    expect(words.text).toContain("Cancel");
    expect(words.html).toContain("Cancel");
  });

  it("says the patron may cancel online until two hours before", () => {
    expect(compose("patron-confirmed").text).toContain("until two hours before");
  });

  it("shows no cancel link when the patron has none", () => {
    const { text, html } = compose("patron-confirmed", { links: { staff: STAFF_LINK, withdraw: WITHDRAW_LINK } });
    expect(text).not.toContain("/appointments/");
    expect(html).not.toContain("/appointments/");
  });
});

describe("how the patron is told the consultation will happen", () => {
  const VIDEO_LINK = "https://meet.example.com/{reference}";
  const ROOM = `https://meet.example.com/${reference}`;

  it("gives the clinic's video room with the reference put in, in the email and the invitation", () => {
    const message = compose("patron-confirmed", { config: { videoLink: VIDEO_LINK } });
    expect(linkText(message, ROOM)).toEqual({ text: "Join the video consultation:", html: "Join the video consultation" });
    expect(message.text).not.toContain("{reference}");
    const event = invitation(message);
    expect(event.location).toBe(ROOM);
    expect(event.description).toContain(ROOM);
  });

  it("puts the reference into a video room address written with it encoded", () => {
    expect(videoLinkFor({ videoLink: "https://meet.example.com/%7Breference%7D" }, reference)).toBe(ROOM);
    expect(videoLinkFor({ videoLink: "https://meet.example.com/drdivyasharma" }, reference)).toBe("https://meet.example.com/drdivyasharma");
    expect(videoLinkFor({ videoLink: undefined }, reference)).toBeUndefined();
  });

  it("says the clinic will send the video link when it has no room set", () => {
    const message = compose("patron-confirmed");
    expect(message.text).toContain("The clinic will send you the link to the video consultation");
    expect(invitation(message).location).toBeNull();
  });

  it("says the doctor will call the patron's number for a tele consultation, even with a video room set", () => {
    const message = compose("patron-confirmed", { request: { mode: "tele" }, config: { videoLink: VIDEO_LINK } });
    expect(message.text).toContain("The doctor will call you on +91 98765 43210");
    expect(message.text).not.toContain("meet.example.com");
    expect(invitation(message).description).toContain("+91 98765 43210");
  });

  it("is repeated in the reminder, which carries no second invitation", () => {
    const message = compose("patron-reminder", { config: { videoLink: VIDEO_LINK } });
    expect(message.subject).toContain("Reminder");
    expect(message.subject).toContain(WHEN);
    expect(message.text).toContain(ROOM);
    expect(linkText(message, PATRON_LINK).text).toContain("Cancel");
    expect(message.icalEvent).toBeUndefined();
  });
});

describe("the clinic's copy of a confirmation", () => {
  it("goes to the clinic's inbox, replies going to the patron", () => {
    const message = compose("clinic-confirmed");
    expect(message.to).toBe("info@drdivyasharma.com");
    expect(message.replyTo).toEqual({ name: "Asha Rao", address: "asha@example.com" });
    expect(message.subject).toContain("Confirmed");
    expect(message.subject).toContain(WHEN);
  });

  it("is a PUBLISH of the confirmed event, with no attendee to invite", () => {
    const event = invitation(compose("clinic-confirmed"));
    expect(event.attachment.method).toBe("PUBLISH");
    expect(event.method).toBe("PUBLISH");
    expect(event.status).toBe("CONFIRMED");
    expect(event.attendees).toEqual([]);
    expect(event.uid).toBe(`${reference}@consultation-requests`);
    expect(event.sequence).toBe(1);
    expect(event.startsAt).toEqual(startsAt);
    expect(event.minutes).toBe(20);
  });

  it("links to the staff page to move or cancel", () => {
    const { text, html } = linkText(compose("clinic-confirmed"), STAFF_LINK);
    expect(text).toContain("cancel");
    expect(html).toContain("cancel");
  });

  it("says the patron accepted when it was the patron who confirmed", () => {
    expect(compose("clinic-confirmed", { by: "patron" }).text).toContain("The patron accepted the time the clinic proposed");
  });
});

describe("a cancellation", () => {
  const cancelled = { sequence: 2 };

  it.each(["patron-cancelled", "clinic-cancelled"] as const)("%s is a CANCEL of the same event at a higher SEQUENCE", (kind) => {
    const confirmed = invitation(compose(kind === "patron-cancelled" ? "patron-confirmed" : "clinic-confirmed"));
    const event = invitation(compose(kind, cancelled));
    expect(event.attachment.method).toBe("CANCEL");
    expect(event.method).toBe("CANCEL");
    expect(event.status).toBe("CANCELLED");
    expect(event.uid).toBe(confirmed.uid);
    expect(event.sequence).toBe(2);
    expect(event.sequence).toBeGreaterThan(confirmed.sequence ?? Infinity);
    expect(event.startsAt).toEqual(startsAt);
  });

  it("names the patron as the attendee in the patron's cancellation", () => {
    expect(invitation(compose("patron-cancelled", cancelled)).attendees).toEqual([expect.stringMatching(/^mailto:asha@example\.com$/i)]);
  });

  it("says Cancelled in both subjects, and who cancelled in the clinic's", () => {
    expect(compose("patron-cancelled", cancelled).subject).toContain("Cancelled");
    expect(compose("clinic-cancelled", cancelled).subject).toContain("Cancelled");
    expect(compose("clinic-cancelled", { ...cancelled, by: "patron" }).subject).toContain("Cancelled by the patron");
  });

  it("apologises to the patron when the clinic cancelled, and confirms when the patron did", () => {
    expect(compose("patron-cancelled", cancelled).text).toContain("the clinic has had to cancel your consultation on");
    expect(compose("patron-cancelled", { ...cancelled, by: "patron" }).text).toContain("As you asked, your consultation on");
  });
});

describe("a decline", () => {
  it("tells the patron the request could not be confirmed, with no invitation", () => {
    const message = compose("patron-declined", { startsAt: null, sequence: 1, message: "Please visit the clinic." });
    expect(message.subject).toContain("could not be confirmed");
    expect(message.icalEvent).toBeUndefined();
  });

  it("takes the request's tentative event out of the clinic's calendar", () => {
    const event = invitation(compose("clinic-declined", { startsAt: null, sequence: 1, message: "Please visit the clinic." }));
    expect(event.method).toBe("CANCEL");
    expect(event.status).toBe("CANCELLED");
    expect(event.uid).toBe(`${reference}@consultation-requests`);
    expect(event.sequence).toBe(1);
  });
});

describe("the staff's message to the patron", () => {
  const message = 'The doctor is away that week. <script>alert("x")</script> & please call.';

  it.each(["patron-declined", "clinic-declined", "patron-cancelled", "clinic-cancelled"] as const)(
    "appears in the %s email as text, never as HTML",
    (kind) => {
      const email = compose(kind, { message, sequence: 2 });
      expect(email.text).toContain(message);
      expect(email.html).not.toContain("<script");
      expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; please call.");
    },
  );
});

describe("a proposed time", () => {
  it("asks the patron to accept or decline it on their page, with the time and the window they asked for", () => {
    const proposed = new Date("2026-11-30T05:30:00Z"); // Monday 30 Nov 2026, 11:00 in India
    const message = compose("patron-proposal", { startsAt: proposed });
    expect(message.subject).toContain("Mon 30 Nov 2026, 11:00 AM IST");
    expect(message.text).toContain("Saturday, 28 Nov 2026, Evening, 4 PM to 7 PM");
    expect(linkText(message, PATRON_LINK).html).toContain("Accept or decline");
    expect(message.icalEvent).toBeUndefined();
  });

  it("when declined, tells the clinic which time the patron declined and links to the staff page", () => {
    const proposed = new Date("2026-11-30T05:30:00Z");
    const message = compose("clinic-proposal-declined", { startsAt: proposed });
    expect(message.text).toContain("The patron declined the time the clinic proposed, Mon 30 Nov 2026, 11:00 AM IST");
    expect(linkText(message, STAFF_LINK).html).toContain("Confirm or propose");
  });
});

describe("which links go to whom", () => {
  it.each(PATRON_KINDS)("keeps the staff page's link out of the patron's %s email", (kind) => {
    const { text, html } = compose(kind, { message: "Sorry." });
    expect(text).not.toContain(STAFF_LINK);
    expect(html).not.toContain(STAFF_LINK);
  });

  it.each(CLINIC_KINDS)("keeps the patron's link out of the clinic's %s email", (kind) => {
    const { text, html } = compose(kind, { message: "Sorry." });
    expect(text).not.toContain(PATRON_LINK);
    expect(html).not.toContain(PATRON_LINK);
  });

  it.each([...PATRON_KINDS, ...CLINIC_KINDS])("sends the %s email's calendar part with the METHOD its content has", (kind) => {
    const message = compose(kind, { message: "Sorry." });
    if (!message.icalEvent) return;
    const event = invitation(message);
    expect(event.attachment.method).toBe(event.method);
    expect(event.uid).toBe(`${reference}@consultation-requests`);
  });
});

describe("the way to withdraw consent", () => {
  /** The receipt the patron gets for a new request. */
  const receipt = () => {
    const message = composeConfirmationEmail(request, {
      reference,
      clinic: context.clinic,
      config: context.config,
      withdrawLink: WITHDRAW_LINK,
    });
    return { text: String(message.text), html: String(message.html) };
  };
  const patronEmails = [...PATRON_KINDS.map((kind) => [kind, () => compose(kind, { message: "Sorry." })] as const), ["receipt", receipt] as const];

  it("is the link that says what it does", () => {
    expect(WITHDRAW_LINK_TEXT).toBe("Withdraw consent and delete my details");
  });

  it.each(patronEmails)("ends the patron's %s email, in both parts, with the privacy notice's address and the link", (_, email) => {
    const { text, html } = email();
    expect(linkText({ text, html }, WITHDRAW_LINK)).toEqual({ text: `${WITHDRAW_LINK_TEXT}:`, html: WITHDRAW_LINK_TEXT });
    const lastParagraph = text.trimEnd().split("\n\n").at(-1)!;
    expect(lastParagraph).toContain(`privacy notice says: ${PRIVACY_NOTICE}.`);
    expect(lastParagraph.endsWith(`${WITHDRAW_LINK_TEXT}: ${WITHDRAW_LINK}`)).toBe(true);
    const lastHtmlParagraph = html.slice(html.lastIndexOf("<p"));
    expect(lastHtmlParagraph).toContain(`privacy notice says: ${PRIVACY_NOTICE}.`);
    const withdrawAnchor = `<a href="${WITHDRAW_LINK}">${WITHDRAW_LINK_TEXT}</a></p>`;
    expect(lastHtmlParagraph).toMatch(new RegExp(`${escapeRegExp(withdrawAnchor)}\\s*</body></html>$`));
  });

  it.each(CLINIC_KINDS)("is not in the clinic's %s email, nor is the privacy notice", (kind) => {
    const { text, html } = compose(kind, { message: "Sorry." });
    for (const part of [text, html]) {
      expect(part).not.toContain(WITHDRAW_LINK);
      expect(part).not.toContain("/privacy/withdraw/");
      expect(part).not.toContain(WITHDRAW_LINK_TEXT);
      expect(part).not.toContain(PRIVACY_NOTICE);
    }
  });

  it("is not in the clinic's email about a new request, nor in the day's agenda", () => {
    const newRequest = composeBookingEmail(request, {
      reference,
      receivedAt: new Date("2026-11-25T06:00:00Z"),
      clinic: { name: "Dr. Divya Sharma" },
      config: context.config,
      staffLink: STAFF_LINK,
      consent,
    });
    const agenda = composeAgendaEmail("2026-11-28", [{ reference, request, startsAt, staffLink: STAFF_LINK }], [], context.config);
    for (const part of [newRequest.text, newRequest.html, agenda.text, agenda.html].map(String)) {
      expect(part).not.toContain("/privacy/withdraw/");
      expect(part).not.toContain(WITHDRAW_LINK_TEXT);
    }
  });
});

describe("the clinic's email about a new request", () => {
  it("links to the staff page to confirm it, in both parts", () => {
    const message = composeBookingEmail(request, {
      reference,
      receivedAt: new Date("2026-11-25T06:00:00Z"),
      clinic: { name: "Dr. Divya Sharma" },
      config: context.config,
      staffLink: STAFF_LINK,
      consent,
    });
    const words = linkText({ text: String(message.text), html: String(message.html) }, STAFF_LINK);
    expect(words.text).toContain("Confirm");
    expect(words.html).toContain("Confirm");
  });
});

describe("the day's agenda", () => {
  const config = { ...context.config, videoLink: "https://meet.example.com/{reference}" };
  const entries: AgendaEntry[] = [
    {
      reference: "DS-AAAA-1111",
      request: { ...request, fullName: "Ravi Kumar", mobile: "+919812345678", mode: "tele" },
      startsAt: new Date("2026-11-28T04:30:00Z"), // 10:00 in India
      staffLink: "https://www.drdivyasharma.com/staff/requests/first",
    },
    {
      reference,
      request,
      startsAt, // 11:30 in India
      staffLink: STAFF_LINK,
    },
  ];

  it("goes to the clinic and counts the day's consultations in its subject", () => {
    const message = composeAgendaEmail("2026-11-28", entries, [], config);
    expect(message.to).toBe("info@drdivyasharma.com");
    expect(message.subject).toBe("Today's consultations, Saturday, 28 Nov 2026: 2 consultations");
    expect(composeAgendaEmail("2026-11-28", entries.slice(1), [], config).subject).toContain(": 1 consultation");
  });

  it("lists the consultations in the order given, each with its time, patron, number and reference", () => {
    const { text, html } = composeAgendaEmail("2026-11-28", entries, [], config);
    for (const part of [String(text), String(html)]) {
      const first = part.indexOf("10:00 AM · Tele (phone) · Ravi Kumar · +919812345678 · DS-AAAA-1111");
      const second = part.indexOf(`11:30 AM · Video · Asha Rao · +919876543210 · ${reference}`);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(second).toBeGreaterThan(first);
    }
  });

  it("lets staff call each patron with one tap, join a video consultation and open each request's page", () => {
    const message = composeAgendaEmail("2026-11-28", entries, [], config);
    const parts = { text: String(message.text), html: String(message.html) };
    expect(parts.html).toContain('href="tel:+919812345678"');
    expect(parts.html).toContain('href="tel:+919876543210"');
    expect(linkText(parts, `https://meet.example.com/${reference}`).html).toBe("Join the video consultation");
    expect(linkText(parts, "https://www.drdivyasharma.com/staff/requests/first").html).toBe("Move or cancel");
    expect(linkText(parts, STAFF_LINK).text).toContain("Move or cancel");
    // The phone consultation has no meeting room.
    expect(parts.text).not.toContain("meet.example.com/DS-AAAA-1111");
  });

  it("says no consultations are confirmed on a day with none", () => {
    const message = composeAgendaEmail("2026-11-28", [], [], config);
    expect(String(message.text)).toContain("No tele or video consultations are confirmed for today, Saturday, 28 Nov 2026.");
    expect(message.subject).toContain("0 consultations");
  });
});
