import { describe, expect, it } from "vitest";
import { outboxMessageId } from "@/lib/mail/outbox-email";
import type { ConsultationRequest } from "@/lib/booking/schema";
import { composeBookingEmail, type BookingEmailContext } from "@/lib/mail/booking-email";

const context: BookingEmailContext = {
  reference: "DS-7KQ2-MX9P",
  receivedAt: new Date("2026-11-25T06:00:00Z"), // 11:30 in India
  clinic: { name: "Dr. Divya Sharma" },
  config: {
    clinicInbox: "info@drdivyasharma.com",
    mailFrom: '"Dr. Divya Sharma website" <info@drdivyasharma.com>',
    siteUrl: "https://www.drdivyasharma.com",
    consultationMinutes: 20,
  },
  staffLink: "https://www.drdivyasharma.com/staff/requests/v1.test-link",
  consent: { version: "2026-11", givenAt: new Date("2026-11-25T05:59:40Z"), noticeLanguage: "en" }, // 11:29 in India, as the form was sent
};

const request: ConsultationRequest = {
  fullName: "Asha Rao",
  mobile: "+919876543210",
  email: "asha@example.com",
  mode: "video",
  preferredDate: "2026-11-28",
  timeWindow: "evening",
  reason: "Acne scars on both cheeks.\nI would like to know about microneedling.",
  consent: "yes",
};

function compose(overrides: Partial<ConsultationRequest> = {}) {
  const message = composeBookingEmail({ ...request, ...overrides }, context);
  return { ...message, text: String(message.text), html: String(message.html), subject: String(message.subject) };
}

describe("the clinic's email about a consultation request", () => {
  it("goes to the clinic's inbox, from the website's address", () => {
    const message = compose();
    expect(message.to).toBe("info@drdivyasharma.com");
    expect(message.from).toBe('"Dr. Divya Sharma website" <info@drdivyasharma.com>');
  });

  it("lets staff reply straight to the patron", () => {
    expect(compose().replyTo).toEqual({ name: "Asha Rao", address: "asha@example.com" });
  });

  it("says in its subject what, when, who and the reference", () => {
    const { subject } = compose();
    expect(subject).toContain("Video");
    expect(subject).toContain("Saturday, 28 Nov 2026");
    expect(subject).toContain("Evening, 4 PM to 7 PM");
    expect(subject).toContain("Asha Rao");
    expect(subject).toContain("DS-7KQ2-MX9P");
  });

  it("names a phone consultation as such in its subject", () => {
    expect(compose({ mode: "tele" }).subject).toContain("Tele (phone)");
    expect(compose({ mode: "tele" }).subject).not.toContain("Video");
  });

  // What staff need to act on the request, in both parts of the email.
  const DETAILS = [
    "Asha Rao",
    "+919876543210",
    "asha@example.com",
    "Video consultation",
    "Saturday, 28 Nov 2026",
    "Evening, 4 PM to 7 PM",
    "DS-7KQ2-MX9P",
  ];

  it("gives every detail of the request in its plain-text part", () => {
    const { text } = compose();
    for (const detail of [...DETAILS, "Acne scars on both cheeks.\nI would like to know about microneedling."]) {
      expect(text).toContain(detail);
    }
  });

  it("gives every detail of the request in its HTML part", () => {
    const { html } = compose();
    for (const detail of [...DETAILS, "Acne scars on both cheeks."]) {
      expect(html).toContain(detail);
    }
  });

  it("tells a phone request apart from a video one", () => {
    expect(compose({ mode: "tele" }).text).toContain("Tele consultation (phone call)");
  });

  it("lets staff call the patron with one tap", () => {
    expect(compose().html).toContain('href="tel:+919876543210"');
  });

  it("shows what the patron typed as text, never as HTML", () => {
    const { html, text } = compose({ fullName: '<script>alert("x")</script>', reason: "Rash <b>& itching" });
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toContain("<b>");
    expect(html).toContain("Rash &lt;b&gt;&amp; itching");
    // The plain-text part is not HTML: it shows the name exactly as typed.
    expect(text).toContain('<script>alert("x")</script>');
  });

  it("records when the request arrived in India time", () => {
    const { text, html } = compose();
    expect(text).toContain("25 Nov 2026, 11:30 IST");
    expect(html).toContain("25 Nov 2026, 11:30 IST");
  });

  it("records a request that arrived after midnight in India on India's date", () => {
    const message = composeBookingEmail(request, { ...context, receivedAt: new Date("2026-11-28T19:00:00Z") });
    expect(String(message.text)).toContain("29 Nov 2026, 00:30 IST");
  });
});

describe("the consent the patron gave", () => {
  it("is shown to staff with the privacy notice's version, its address and the time it was given in India time", () => {
    const { text, html } = compose();
    const consent =
      "The patron agreed to the privacy notice, version 2026-11 (English notice, https://www.drdivyasharma.com/privacy), on 25 Nov 2026, 11:29 IST.";
    expect(text).toContain(`Consent: ${consent}`);
    expect(html).toMatch(new RegExp(`>Consent</th><td[^>]*>${consent.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</td>`));
  });

  it("names the language of the notice agreed to, with that notice's address", () => {
    const consent = { ...context.consent!, noticeLanguage: "kn" as const };
    const text = String(composeBookingEmail(request, { ...context, consent, language: "kn" }).text);
    expect(text).toContain("privacy notice, version 2026-11 (Kannada notice, https://www.drdivyasharma.com/kn/privacy), on 25 Nov");
  });

  it("is said plainly for a request stored before consent was recorded, naming no version", () => {
    const text = String(composeBookingEmail(request, { ...context, consent: null }).text);
    expect(text).toContain("Consent: The patron agreed to be contacted about this request.");
    expect(text).not.toContain("version");
  });
});

describe("an email's Message-ID", () => {
  it("is the same for every try of one outbox email, in the sender's domain", () => {
    const id = outboxMessageId("DS-K7M2-9QXA/clinic-request", '"Dr. Divya Sharma website" <info@drdivyasharma.com>');
    expect(id).toBe("<DS-K7M2-9QXA.clinic-request@drdivyasharma.com>");
    expect(outboxMessageId("DS-K7M2-9QXA/patron-receipt", "web@example.test")).toBe("<DS-K7M2-9QXA.patron-receipt@example.test>");
  });
});
