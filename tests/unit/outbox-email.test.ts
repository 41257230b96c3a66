import { afterAll, describe, expect, it, vi } from "vitest";
import type { ConsultationRequest } from "@/lib/booking/schema";
import { getConfig } from "@/lib/config";
import { getLinkKeys, LINK_PAGES, verifyLink, WITHDRAW_LINK_DAYS } from "@/lib/links";
import { WITHDRAW_LINK_TEXT } from "@/lib/mail/layout";
import { composeOutboxEmail, outboxMessageId, type ComposedEmail } from "@/lib/mail/outbox-email";
import type { ClinicStore, EmailDetails, OutboxEmail, StoredRequest } from "@/lib/store/clinic-store";

// Read by getConfig on its first call, in the first test: links are signed with this secret, not one in var/.
vi.stubEnv("SITE_URL", "https://www.drdivyasharma.com");
vi.stubEnv("STAFF_LINK_SECRET", "outbox-email-unit-test-secret-0123456789abcdef");
vi.stubEnv("MAIL_FROM", "Clinic website <website@example.test>");
vi.stubEnv("CLINIC_INBOX", "clinic-inbox@example.test");
afterAll(() => {
  vi.unstubAllEnvs();
});

const DAY_MS = 24 * 60 * 60 * 1000;
const reference = "DS-7KQ2-MX9P";
const createdAt = new Date("2026-11-25T06:00:00Z");
const now = new Date("2026-11-25T06:00:05Z");
const startsAt = new Date("2026-11-28T06:00:00Z"); // Saturday 28 Nov 2026, 11:30 in India

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

const stored: StoredRequest = {
  reference,
  request,
  receivedAt: createdAt,
  erasedAt: null,
  consent: { version: "2026-11", givenAt: createdAt, noticeLanguage: "en" },
  language: "en",
  appointment: { state: "confirmed", startsAt, sequence: 1, changedAt: createdAt, changedBy: "staff", message: null },
};

/** A store that holds `stored`; any other use of it fails the test. */
function storeWith(found: StoredRequest | undefined): ClinicStore {
  return new Proxy({} as ClinicStore, {
    get: (_, name) => {
      if (name === "findRequest") return async (wanted: string) => (wanted === reference ? found : undefined);
      if (name === "then") return undefined;
      throw new Error(`the email was composed with store.${String(name)}`);
    },
  });
}

/** A store no email of a withdrawal may read: the request's details are erased by then. */
const untouchableStore = new Proxy({} as ClinicStore, {
  get: (_, name) => {
    if (name === "then") return undefined;
    throw new Error(`the withdrawal's email read store.${String(name)}`);
  },
});

function row(kind: string, details: EmailDetails | null): OutboxEmail {
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
  return { ...composed.send, text: String(composed.send.text), html: String(composed.send.html) };
}

const withdrawn: EmailDetails = { startsAt: startsAt.getTime(), sequence: 2, by: "patron", cancelledFrom: "confirmed" };
const patron = { fullName: request.fullName, email: request.email, mode: request.mode };

describe("an outbox row of a withdrawal", () => {
  it("is the patron's acknowledgement, composed from the row alone, with the row's Message-ID", async () => {
    const message = sent(await composeOutboxEmail(row("patron-withdrawn", { ...withdrawn, patron }), untouchableStore, now));
    expect(message.to).toEqual({ name: "Asha Rao", address: "asha@example.com" });
    expect(message.messageId).toBe(outboxMessageId(`${reference}/patron-withdrawn`, getConfig().mailFrom));
    expect(message.text).toContain("your details are deleted");
    expect((message.icalEvent as { method: string }).method).toBe("CANCEL");
  });

  it("is given up when the row no longer has the patron's address", async () => {
    expect(await composeOutboxEmail(row("patron-withdrawn", withdrawn), untouchableStore, now)).toEqual({
      giveUp: "the patron's address was erased",
    });
    expect(await composeOutboxEmail(row("patron-withdrawn", null), untouchableStore, now)).toEqual({
      giveUp: "the patron's address was erased",
    });
  });

  it("is the clinic's notice, composed from the row alone, to the clinic's inbox", async () => {
    const message = sent(await composeOutboxEmail(row("clinic-withdrawn", withdrawn), untouchableStore, now));
    expect(message.to).toBe("clinic-inbox@example.test");
    expect(message.text).toContain(`The patron of request ${reference} withdrew their consent`);
    expect(JSON.stringify(message)).not.toContain("Asha");
  });
});

describe("the withdrawal link in an email to the patron", () => {
  const withdrawLinkIn = (message: { text: string; html: string }) => {
    const prefix = `https://www.drdivyasharma.com${LINK_PAGES.withdraw}/`;
    const line = message.text.split("\n").find((text) => text.startsWith(`${WITHDRAW_LINK_TEXT}: ${prefix}`));
    if (!line) throw new Error(`no withdrawal link in ${message.text}`);
    const token = line.slice(`${WITHDRAW_LINK_TEXT}: ${prefix}`.length);
    expect(message.html).toContain(`<a href="${prefix}${token}">${WITHDRAW_LINK_TEXT}</a>`);
    return token;
  };

  it.each([
    ["the receipt", "patron-receipt", null],
    ["the confirmation", "patron-confirmed", { startsAt: startsAt.getTime(), sequence: 1, by: "staff" } as EmailDetails],
  ])("opens the withdrawal page from %s, for that request, until a year after the email", async (_, kind, details) => {
    const token = withdrawLinkIn(sent(await composeOutboxEmail(row(kind, details), storeWith(stored), now)));
    const expiresAt = new Date(createdAt.getTime() + WITHDRAW_LINK_DAYS * DAY_MS);
    expect(verifyLink(getLinkKeys(), token, "withdraw", now)).toEqual({ valid: true, reference, expiresAt });
    expect(verifyLink(getLinkKeys(), token, "patron", now)).toEqual({ valid: false, reason: "forged" });
    expect(verifyLink(getLinkKeys(), token, "staff", now)).toEqual({ valid: false, reason: "forged" });
  });

  it("is not in the clinic's email about the request, which shows the consent given instead", async () => {
    const message = sent(await composeOutboxEmail(row("clinic-request", null), storeWith(stored), now));
    expect(message.text).not.toContain(LINK_PAGES.withdraw);
    expect(message.text).not.toContain(WITHDRAW_LINK_TEXT);
    expect(message.text).toContain(
      "Consent: The patron agreed to the privacy notice, version 2026-11 (English notice, https://www.drdivyasharma.com/privacy), on 25 Nov 2026, 11:30 IST.",
    );
  });
});
