// A patron who booked in Kannada or Hindi gets every email in that language, composed as the outbox composes it
// (lib/mail/outbox-email.ts, with its signed links): subject, body and invitation; dates in the language with Latin
// digits, the mobile written "+91 98765 43210", every link opening their pages in the language. The clinic's emails
// about the same request stay English and say which language the patron used.
import ICAL from "ical.js";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { ConsultationRequest } from "@/lib/booking/schema";
import { getClinic } from "@/lib/clinic";
import type { Language } from "@/lib/i18n/languages";
import { composeOutboxEmail, type ComposedEmail } from "@/lib/mail/outbox-email";
import type { Appointment, ClinicStore, EmailDetails, OutboxEmail, StoredRequest } from "@/lib/store/clinic-store";

vi.stubEnv("SITE_URL", "https://www.drdivyasharma.com");
vi.stubEnv("STAFF_LINK_SECRET", "patron-emails-languages-unit-test-secret-0123456789");
vi.stubEnv("MAIL_FROM", "Clinic website <website@example.test>");
vi.stubEnv("CLINIC_INBOX", "clinic-inbox@example.test");
vi.stubEnv("VIDEO_LINK", "");
afterAll(() => {
  vi.unstubAllEnvs();
});

const SITE = "https://www.drdivyasharma.com";
const reference = "DS-7KQ2-MX9P";
const createdAt = new Date("2026-11-25T06:00:00Z");
const now = new Date("2026-11-25T06:00:05Z");
const startsAt = new Date("2026-11-28T06:00:00Z"); // Saturday 28 Nov 2026, 11:30 in India
const earlier = new Date("2026-11-27T06:00:00Z");

const request: ConsultationRequest = {
  fullName: "Asha Rao",
  mobile: "+919876543210",
  email: "asha@example.com",
  mode: "tele",
  preferredDate: "2026-11-28",
  timeWindow: "evening",
  reason: "Acne scars on both cheeks.",
  consent: "yes",
};

const appointment = (state: Appointment["state"], at: Date | null = startsAt, sequence = 1): Appointment => ({
  state,
  startsAt: at,
  sequence,
  changedAt: createdAt,
  changedBy: "staff",
  message: null,
});

function storeWith(language: Language, held: Appointment): ClinicStore {
  const stored: StoredRequest = {
    reference,
    request,
    receivedAt: createdAt,
    erasedAt: null,
    consent: { version: "2026-11", givenAt: createdAt, noticeLanguage: language },
    language,
    appointment: held,
  };
  return new Proxy({} as ClinicStore, {
    get: (_, name) => {
      if (name === "findRequest") return async (wanted: string) => (wanted === reference ? stored : undefined);
      if (name === "then") return undefined;
      throw new Error(`the email was composed with store.${String(name)}`);
    },
  });
}

function row(kind: string, details: EmailDetails): OutboxEmail {
  return {
    id: `${reference}/${kind}`,
    kind,
    reference,
    recipient: kind.startsWith("patron") ? "patron" : "clinic",
    status: "pending",
    createdAt,
    dueAt: createdAt,
    attempts: 0,
    lastError: null,
    failure: null,
    sentAt: null,
    givenUpAt: null,
    details,
  };
}

function sent(composed: ComposedEmail) {
  if (!("send" in composed)) throw new Error(`expected an email to send, got ${JSON.stringify(composed)}`);
  const { send } = composed;
  return { ...send, subject: String(send.subject), text: String(send.text), html: String(send.html) };
}

/** The event of an email's calendar part, read back by a real iCalendar parser: what the calendar shows. */
function calendarEvent(message: { icalEvent?: unknown }) {
  const attachment = message.icalEvent as { content: string } | undefined;
  if (!attachment) throw new Error("the email has no calendar part");
  const event = new ICAL.Component(ICAL.parse(attachment.content)).getFirstSubcomponent("vevent")!;
  return { summary: String(event.getFirstPropertyValue("summary")), description: String(event.getFirstPropertyValue("description")) };
}

/** Two English words in a row, once the names, addresses and links (which stay as they are) are taken out. */
function englishLeftIn(text: string): string[] {
  const stripped = text
    .replace(/<[^>]*>/g, " ")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\S+@\S+/g, " ")
    .replaceAll(getClinic().name, " ")
    .replaceAll(request.fullName, " ");
  return stripped.match(/[A-Za-z]{3,}[\s,.:;]+[A-Za-z]{3,}/g) ?? [];
}

const LANGUAGE_WORDS = {
  kn: { dear: "ಆತ್ಮೀಯ Asha Rao,", month: "ನವೆಂಬರ್", consultation: "ಸಮಾಲೋಚನೆ", tag: "kn-IN", name: "Kannada (ಕನ್ನಡ)" },
  hi: { dear: "प्रिय Asha Rao,", month: "नवंबर", consultation: "परामर्श", tag: "hi-IN", name: "Hindi (हिन्दी)" },
} as const;

/** Each email to the patron, what caused it, and the words its subject says in each language. */
const PATRON_EMAILS: {
  kind: string;
  held: Appointment;
  details: EmailDetails;
  subject: Record<"kn" | "hi", string>;
  dated: boolean;
  calendar: boolean;
  patronPage: boolean;
  callsOn: boolean;
}[] = [
  {
    kind: "patron-confirmed",
    held: appointment("confirmed"),
    details: { startsAt: startsAt.getTime(), sequence: 1, by: "staff" },
    subject: { kn: "ದೃಢೀಕರಿಸಲಾಗಿದೆ", hi: "पक्का हो गया" },
    dated: true,
    calendar: true,
    patronPage: true,
    callsOn: true,
  },
  {
    kind: "patron-proposal",
    held: appointment("proposed"),
    details: { startsAt: startsAt.getTime(), sequence: 1, by: "staff" },
    subject: { kn: "ಒಪ್ಪಿ ಅಥವಾ ನಿರಾಕರಿಸಿ", hi: "स्वीकार करें या मना करें" },
    dated: true,
    calendar: false,
    patronPage: true,
    callsOn: false,
  },
  {
    kind: "patron-declined",
    held: appointment("declined", null),
    details: { sequence: 1, by: "staff", message: null },
    subject: { kn: "ದೃಢೀಕರಿಸಲು ಸಾಧ್ಯವಾಗಲಿಲ್ಲ", hi: "पक्का नहीं हो सका" },
    dated: false,
    calendar: false,
    patronPage: false,
    callsOn: false,
  },
  {
    kind: "patron-cancelled",
    held: appointment("cancelled", startsAt, 2),
    details: { startsAt: startsAt.getTime(), sequence: 2, by: "staff" },
    subject: { kn: "ರದ್ದಾಗಿದೆ", hi: "रद्द" },
    dated: true,
    calendar: true,
    patronPage: false,
    callsOn: false,
  },
  {
    kind: "patron-reminder",
    held: appointment("confirmed"),
    details: { startsAt: startsAt.getTime(), sequence: 1 },
    subject: { kn: "ಜ್ಞಾಪನೆ", hi: "याद रहे" },
    dated: true,
    calendar: false,
    patronPage: true,
    callsOn: true,
  },
  {
    kind: "patron-moved",
    held: appointment("confirmed", startsAt, 2),
    details: { startsAt: startsAt.getTime(), sequence: 2, by: "patron", movedFrom: { state: "confirmed", startsAt: earlier.getTime() } },
    subject: { kn: "ಬದಲಾಗಿದೆ", hi: "बदल गया" },
    dated: true,
    calendar: true,
    patronPage: true,
    callsOn: true,
  },
];

const patron = { fullName: request.fullName, email: request.email, mode: request.mode };
const withdrawn = (language: Language): EmailDetails => ({
  startsAt: startsAt.getTime(),
  sequence: 2,
  by: "patron",
  cancelledFrom: "confirmed",
  patron,
  language,
});

for (const language of ["kn", "hi"] as const) {
  const words = LANGUAGE_WORDS[language];

  describe(`the emails to a patron who booked in ${language}`, () => {
    it.each(PATRON_EMAILS)("writes $kind in the language: subject, body and both parts", async (email) => {
      const message = sent(await composeOutboxEmail(row(email.kind, email.details), storeWith(language, email.held), now));
      expect(message.subject).toContain(email.subject[language]);
      expect(message.subject).toContain(reference);
      expect(message.text.startsWith(words.dear)).toBe(true);
      expect(message.html).toContain(`<html lang="${words.tag}">`);
      for (const part of [message.subject, message.text, message.html]) {
        expect(englishLeftIn(part)).toEqual([]);
        for (const english of ["Dear", "consultation", "This is not for emergencies", "Reference", "calendar", "please"]) {
          expect(part).not.toContain(english);
        }
        // Latin digits, as the clinic writes references and phone numbers: no Kannada or Devanagari ones.
        expect(part).not.toMatch(/[\u0CE6-\u0CEF\u0966-\u096F]/);
      }
      if (email.dated) {
        expect(message.subject).toContain(words.month);
        expect(message.subject).toContain("28");
        expect(message.text).toContain(words.month);
      }
      expect(message.text).not.toContain("+919876543210");
      if (email.callsOn) expect(message.text).toContain("+91 98765 43210");
    });

    it.each(PATRON_EMAILS)("links $kind only to the patron's pages in the language", async (email) => {
      const message = sent(await composeOutboxEmail(row(email.kind, email.details), storeWith(language, email.held), now));
      const links = message.text.match(/https:\/\/www\.drdivyasharma\.com\S*/g) ?? [];
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(link.startsWith(`${SITE}/${language}/`)).toBe(true);
      expect(message.text).toContain(`${SITE}/${language}/privacy/withdraw/`);
      if (email.patronPage) expect(message.text).toContain(`${SITE}/${language}/appointments/`);
      if (email.kind === "patron-cancelled") expect(message.text).toContain(`${SITE}/${language}/book`);
    });

    it.each(PATRON_EMAILS.filter((email) => email.calendar))("names $kind's calendar event in the language", async (email) => {
      const message = sent(await composeOutboxEmail(row(email.kind, email.details), storeWith(language, email.held), now));
      const event = calendarEvent(message);
      expect(event.summary).toContain(words.consultation);
      expect(event.summary).toContain(reference);
      expect(englishLeftIn(`${event.summary} ${event.description}`)).toEqual([]);
      expect(event.description).toContain("+91 98765 43210");
    });

    it("gives the clinic's message under words in the language, the message as staff wrote it", async () => {
      const details = { sequence: 1, by: "staff" as const, message: "Fully booked this week." };
      const message = sent(await composeOutboxEmail(row("patron-declined", details), storeWith(language, appointment("declined", null)), now));
      expect(message.text).toContain("\nFully booked this week.");
      expect(message.text).not.toContain("A message from the clinic");
    });

    it("acknowledges a withdrawal in the language it recorded, with its cancellation in the language too", async () => {
      const message = sent(await composeOutboxEmail(row("patron-withdrawn", withdrawn(language)), storeWith(language, appointment("cancelled")), now));
      expect(message.subject).toContain(reference);
      expect(message.text.startsWith(words.dear)).toBe(true);
      expect(message.text).toContain(words.month);
      for (const part of [message.subject, message.text, message.html]) {
        expect(englishLeftIn(part)).toEqual([]);
        expect(part).not.toMatch(/[\u0CE6-\u0CEF\u0966-\u096F]/);
      }
      expect(message.text).toContain(`${SITE}/${language}/book`);
      const event = calendarEvent(message);
      expect(event.summary).toContain(words.consultation);
      expect(englishLeftIn(`${event.summary} ${event.description}`)).toEqual([]);
    });
  });

  describe(`the clinic's emails about a request made in ${language}`, () => {
    it.each([
      ["clinic-confirmed", appointment("confirmed"), { startsAt: startsAt.getTime(), sequence: 1, by: "staff" }, "The consultation is confirmed for Sat 28 Nov 2026, 11:30 AM IST"],
      ["clinic-cancelled", appointment("cancelled", startsAt, 2), { startsAt: startsAt.getTime(), sequence: 2, by: "patron" }, "The patron cancelled their consultation on Sat 28 Nov 2026"],
      [
        "clinic-moved",
        appointment("confirmed", startsAt, 2),
        { startsAt: startsAt.getTime(), sequence: 2, by: "patron", movedFrom: { state: "confirmed", startsAt: earlier.getTime() } },
        "The patron moved their consultation from Fri 27 Nov 2026",
      ],
    ] as [string, Appointment, EmailDetails, string][])("stay English in %s, and name the patron's language", async (kind, held, details, said) => {
      const message = sent(await composeOutboxEmail(row(kind, details), storeWith(language, held), now));
      expect(message.text).toContain(said);
      expect(message.text).toContain(`Language: ${words.name}`);
      expect(message.text).not.toContain(words.consultation);
      const event = calendarEvent(message);
      expect(event.summary).toBe(`Tele (phone) consultation: Asha Rao [${reference}]`);
      expect(event.description).toContain("The doctor calls +91 98765 43210.");
    });
  });
}
