// What a failed send means: errors shaped as nodemailer's SMTP connection makes them (its _formatError: code,
// response, responseCode, command), read as Postfix would. The integration test sends to a real SMTP server.
import { describe, expect, it } from "vitest";
import { classifyDeliveryFailure, givenUpInWords } from "@/lib/mail/delivery-failure";

function smtpError(code: string, command: string, response?: string): Error {
  const error = new Error(`${code === "EENVELOPE" ? "Can't send mail - all recipients were rejected" : "Failed"}${response ? `: ${response}` : ""}`);
  return Object.assign(error, {
    code,
    command,
    ...(response ? { response, responseCode: Number(response.slice(0, 3)) } : {}),
  });
}

describe("a failed send, classified", () => {
  it("is permanent when the patron's mail server refuses their address with a 5xx, at RCPT TO or after DATA", () => {
    for (const error of [
      smtpError("EENVELOPE", "RCPT TO", "550 5.1.1 <asha@gmial.com>: Recipient address rejected: User unknown"),
      smtpError("EENVELOPE", "RCPT TO", "554 5.7.1 Relay access denied"),
      smtpError("EMESSAGE", "DATA", "552 5.2.2 Mailbox full"),
    ]) {
      expect(classifyDeliveryFailure(error, "patron")).toMatchObject({ failure: "permanent", outcome: "reached" });
    }
  });

  it("is temporary for a 4xx, a timeout or a lost connection, and says whether the server was reached", () => {
    expect(classifyDeliveryFailure(smtpError("EENVELOPE", "RCPT TO", "450 4.2.0 Mailbox busy, try later"), "patron")).toMatchObject({
      failure: "temporary",
      outcome: "reached",
    });
    for (const error of [
      smtpError("ETIMEDOUT", "CONN"),
      smtpError("ECONNECTION", "CONN"),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), { code: "ESOCKET", command: "CONN" }),
    ]) {
      expect(classifyDeliveryFailure(error, "patron")).toMatchObject({ failure: "temporary", outcome: "unreachable" });
    }
  });

  it("is the clinic's configuration when its login, its sender or its own inbox is refused: never the patron's fault", () => {
    for (const [error, recipient] of [
      [smtpError("EAUTH", "AUTH PLAIN", "535 5.7.8 Authentication credentials invalid"), "patron"],
      [smtpError("EENVELOPE", "MAIL FROM", "553 5.7.1 Sender address rejected: not owned by user"), "patron"],
      [smtpError("EENVELOPE", "RCPT TO", "550 5.1.1 No such user"), "clinic"],
    ] as const) {
      expect(classifyDeliveryFailure(error, recipient)).toMatchObject({ failure: "configuration", outcome: "configuration" });
    }
  });

  it("keeps the server's reply but not the address it echoed, which is a patron's detail", () => {
    const { reason } = classifyDeliveryFailure(
      smtpError("EENVELOPE", "RCPT TO", "550 5.1.1 <asha.rao@gmial.com>: Recipient address rejected"),
      "patron",
    );
    expect(reason).toContain("550 5.1.1 <address>: Recipient address rejected");
    expect(reason).not.toContain("asha");
  });
});

describe("why an email was given up, in staff's words", () => {
  it.each([
    ["550 5.1.1 <address>: User unknown", "there is no such mailbox"],
    ["550 5.1.2 Host or domain name not found", "the address's domain takes no email"],
    ["554 5.4.4 Unable to route", "the address's domain takes no email"],
    ["552 5.2.2 Mailbox full", "the patron's mailbox is full"],
    ["554 5.7.1 Message rejected as spam", "refused it by its own rules"],
    ["550 Requested action not taken", "the patron's mail server refused the address"],
  ])("%s: %s, with the server's reply", (reply, words) => {
    const said = givenUpInWords("permanent", `Can't send mail - all recipients were rejected: ${reply}`);
    expect(said).toContain(words);
    expect(said).toContain(reply);
  });

  it("after three days of temporary failures, says so with the last error", () => {
    expect(givenUpInWords("temporary", "40 tries over three days failed (Greeting never received)")).toBe(
      "it could not be delivered: 40 tries over three days failed (Greeting never received)",
    );
  });
});
