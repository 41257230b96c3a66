// The enrolment link's email, through the outbox and a real SMTP server: written with the invitation in one
// transaction, sent once with the link and the time it ends, the link erased from the outbox once sent; an email still
// waiting when its link's hour is over is dropped, not sent.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClinicStore } from "@/lib/store/clinic-store";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

let smtp: TestSmtpServer;
let delivery: typeof import("@/lib/delivery");
let members: typeof import("@/lib/staff/members");
let store: ClinicStore;

const T0 = new Date("2026-12-07T04:30:00Z");
const MINUTE = 60_000;

beforeAll(async () => {
  smtp = await startSmtpServer();
  Object.assign(process.env, {
    SMTP_URL: smtp.url,
    CLINIC_INBOX: "clinic-inbox@example.test",
    MAIL_FROM: "Clinic website <website@example.test>",
    SITE_URL: "https://clinic.example.test",
    DATABASE_PATH: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-store-")), "clinic.db"),
  });
  // Imported after the environment is set: the configuration is read once, as in the server.
  delivery = await import("@/lib/delivery");
  members = await import("@/lib/staff/members");
  store = await (await import("@/lib/store")).getStore();
});

afterAll(async () => {
  await store.close();
  await smtp.close();
});

describe("a staff member's enrolment email", () => {
  it("is written with the invitation and sent once, with the link and until when it works", async () => {
    const invited = await members.inviteMember(store, { name: "Asha Rao", email: "asha@example.test" }, null, T0);
    expect(invited.emailed).toBe(true);
    const [waiting] = (await store.listEmails(["pending"])).filter((email) => email.kind === "staff-enrolment");
    expect(waiting.details?.enrolment?.link).toBe(invited.link);

    await delivery.deliverDue(new Date(T0.getTime() + MINUTE));
    const mail = await smtp.waitForMessage((message) => (message.subject ?? "").includes("staff area"));
    expect(mail.to && "text" in mail.to ? mail.to.text : "").toBe("asha@example.test");
    expect(mail.subject).toBe("Your passkey for Dr. Divya Sharma's staff area");
    expect(mail.text).toContain(invited.link);
    expect(mail.text).toContain("7 Dec 2026, 11:00 IST");

    // Sent: the link is no longer in the outbox, and a second pass sends nothing.
    const [sent] = (await store.listEmails(["sent"])).filter((email) => email.kind === "staff-enrolment");
    expect(sent.details).toBeNull();
    await delivery.deliverDue(new Date(T0.getTime() + 2 * MINUTE));
    expect(smtp.messages.filter((message) => message.text?.includes(invited.link))).toHaveLength(1);
  });

  it("is dropped, not sent, when it is still waiting after its link's hour", async () => {
    const later = new Date(T0.getTime() + 10 * MINUTE);
    const invited = await members.inviteMember(store, { name: "Ravi Kumar", email: "ravi@example.test" }, null, later);
    await delivery.deliverDue(new Date(later.getTime() + 60 * MINUTE));
    expect(smtp.messages.some((message) => message.text?.includes(invited.link))).toBe(false);
    expect((await store.listEmails(["pending"])).filter((email) => email.kind === "staff-enrolment")).toEqual([]);
  });
});
