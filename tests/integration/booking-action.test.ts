import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_BOOKING_STATE, type BookingState } from "@/lib/booking/state";
import { bookingFormData } from "../support/booking-form";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

let smtp: TestSmtpServer;
let requestConsultation: (state: BookingState, formData: FormData) => Promise<BookingState>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  process.env.CLINIC_INBOX = "clinic-inbox@example.test";
  process.env.MAIL_FROM = "Clinic website <website@example.test>";
  process.env.SITE_URL = "https://clinic.example.test";
  // The rate limit reads the client's address from the request, which a direct call has not got.
  process.env.BOOKING_LIMIT = "off";
  // Imported after the environment is set: the configuration is read once, as in the server.
  ({ requestConsultation } = await import("@/app/book/actions"));
});

afterAll(async () => {
  await smtp.close();
});

describe("the booking action with a real SMTP server", () => {
  it("delivers a valid request to the clinic inbox, with Reply-To the patron and the reference", async () => {
    const state = await requestConsultation(EMPTY_BOOKING_STATE, bookingFormData());
    if (state.status !== "received") throw new Error(`expected success, got ${JSON.stringify(state)}`);
    const { reference } = state.receipt;

    const mail = await smtp.waitForMessage((m) => m.subject?.includes(reference) ?? false);
    expect(mail.subject).toMatch(/^Tele \(phone\) consultation request: .+, Morning, 10 AM to 1 PM – Meera Iyer \[DS-/);
    expect(mail.from?.value[0].address).toBe("website@example.test");
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value.map((a) => a.address)).toEqual(["clinic-inbox@example.test"]);
    expect(mail.replyTo?.value[0]).toEqual({ address: "meera@example.test", name: "Meera Iyer" });
    expect(mail.text).toContain("Mobile: +919900012345");
    expect(mail.text).toContain("Itchy rash on the forearms for two weeks.");
    expect(mail.html).toContain(reference);
    expect(mail.html).toContain('href="tel:+919900012345"');
    expect(smtp.messages.filter((m) => m.subject?.includes(reference))).toHaveLength(1);
  });

  it("sends nothing for an invalid request and says what is wrong", async () => {
    const before = smtp.messages.length;
    const state = await requestConsultation(EMPTY_BOOKING_STATE, bookingFormData({ mobile: "555", consent: undefined }));
    expect(state.status).toBe("editing");
    if (state.status !== "editing") return;
    expect(Object.keys(state.errors).sort()).toEqual(["consent", "mobile"]);
    expect(state.values.mobile).toBe("555");
    expect(smtp.messages.length).toBe(before);
  });

  it("keeps the patron's answers and gives the clinic's phone when the mail server is down", async () => {
    await smtp.close();
    const state = await requestConsultation(EMPTY_BOOKING_STATE, bookingFormData({ fullName: "Kiran Shetty" }));
    expect(state.status).toBe("editing");
    if (state.status !== "editing") return;
    expect(state.message).toContain("9620638388");
    expect(state.values.fullName).toBe("Kiran Shetty");
    expect(state.errors).toEqual({});
  });
});
