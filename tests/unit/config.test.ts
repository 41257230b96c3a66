import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, siteUrlOf, siteUrlWarning } from "@/lib/config";

/** The ConfigError parseConfig throws for `env`; fails the test if it does not throw one. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected parseConfig to refuse ${JSON.stringify(env)}`);
}

describe("the server's configuration", () => {
  it("works out of the box: emails saved to var/mail, addressed to the clinic's inbox", () => {
    const config = parseConfig({});
    expect(config.smtpUrl).toBeUndefined();
    expect(config.clinicInbox).toBe("info@drdivyasharma.com");
    expect(config.mailFrom).toBe('"Dr. Divya Sharma website" <info@drdivyasharma.com>');
    expect(config.siteUrl).toBe("http://localhost:3000");
    expect(path.isAbsolute(config.mailDir)).toBe(true);
    expect(config.mailDir.endsWith(path.join("var", "mail"))).toBe(true);
  });

  it("treats settings left blank in .env as not set", () => {
    const config = parseConfig({ SMTP_URL: "", CLINIC_INBOX: "  ", MAIL_FROM: "", SITE_URL: " ", MAIL_DIR: "" });
    expect(config).toEqual(parseConfig({}));
  });

  it("keeps a correct SMTP server address", () => {
    expect(parseConfig({ SMTP_URL: "smtp://user:pass@127.0.0.1:2525" }).smtpUrl).toBe("smtp://user:pass@127.0.0.1:2525");
    expect(parseConfig({ SMTP_URL: "smtps://user:pass@mail.example.com:465" }).smtpUrl).toBe(
      "smtps://user:pass@mail.example.com:465",
    );
  });

  it("uses the inbox, sender and folder it is given", () => {
    const config = parseConfig({
      CLINIC_INBOX: "frontdesk@example.com",
      MAIL_FROM: "Clinic website <web@example.com>",
      MAIL_DIR: "/srv/clinic-mail",
    });
    expect(config.clinicInbox).toBe("frontdesk@example.com");
    expect(config.mailFrom).toBe("Clinic website <web@example.com>");
    expect(config.mailDir).toBe(path.resolve("/srv/clinic-mail"));
  });

  it.each(["http://example.com", "not a url"])("refuses SMTP_URL %j and names the setting", (SMTP_URL) => {
    expect(configError({ SMTP_URL }).message).toContain("SMTP_URL");
  });

  it("refuses a clinic inbox that is not an email address", () => {
    expect(configError({ CLINIC_INBOX: "nope" }).message).toContain("CLINIC_INBOX");
  });

  it("refuses a sender address that would break the email's header", () => {
    expect(configError({ MAIL_FROM: "web@example.com\r\nBcc: x@y.z" }).message).toContain("MAIL_FROM");
  });

  it("refuses a site address that is not a web address", () => {
    expect(configError({ SITE_URL: "ftp://x" }).message).toContain("SITE_URL");
  });

  it("names every wrong setting at once", () => {
    const error = configError({ CLINIC_INBOX: "nope", SITE_URL: "ftp://x" });
    expect(error.message).toContain("CLINIC_INBOX");
    expect(error.message).toContain("SITE_URL");
    expect(error.message).not.toContain("SMTP_URL");
  });

  it("drops a trailing slash from the site address so links have no double slash", () => {
    expect(parseConfig({ SITE_URL: "https://www.drdivyasharma.com/" }).siteUrl).toBe("https://www.drdivyasharma.com");
  });
});

describe("the booking guard's settings", () => {
  it("limit each client address to 5 requests in 10 minutes and expect 3 seconds to fill the form, by default", () => {
    const config = parseConfig({});
    expect(config.bookingLimit).toEqual({ requests: 5, seconds: 600 });
    expect(config.bookingMinSeconds).toBe(3);
    expect(config.trustedProxy).toBe(false);
  });

  it("take another limit, or none for load tests", () => {
    expect(parseConfig({ BOOKING_LIMIT: "20/3600" }).bookingLimit).toEqual({ requests: 20, seconds: 3600 });
    expect(parseConfig({ BOOKING_LIMIT: "off" }).bookingLimit).toBeUndefined();
    expect(parseConfig({ TRUSTED_PROXY: "true", BOOKING_MIN_SECONDS: "0" })).toMatchObject({
      trustedProxy: true,
      bookingMinSeconds: 0,
    });
  });

  it("refuse a limit, minimum or proxy setting they cannot read", () => {
    const error = configError({ BOOKING_LIMIT: "5 per 10 min", BOOKING_MIN_SECONDS: "-1", TRUSTED_PROXY: "yes" });
    expect(error.message).toContain("BOOKING_LIMIT");
    expect(error.message).toContain("BOOKING_MIN_SECONDS");
    expect(error.message).toContain("TRUSTED_PROXY");
  });
});

describe("where requests are stored", () => {
  it("is a SQLite file in var/ with no configuration, as before", () => {
    const { database } = parseConfig({});
    expect(database.engine).toBe("sqlite");
    expect(database.engine === "sqlite" && database.path.endsWith(path.join("var", "clinic.db"))).toBe(true);
    expect(parseConfig({ DATABASE_PATH: "/srv/clinic/clinic.db" }).database).toEqual({
      engine: "sqlite",
      path: "/srv/clinic/clinic.db",
    });
  });

  it.each(["postgres://clinic:secret@db.example.test:5432/clinic", "postgresql://clinic@127.0.0.1/clinic"])(
    "is PostgreSQL when DATABASE_URL is %s",
    (DATABASE_URL) => {
      expect(parseConfig({ DATABASE_URL, DATABASE_PATH: "ignored.db" }).database).toEqual({ engine: "postgres", url: DATABASE_URL });
    },
  );

  it("refuses a DATABASE_URL for another engine in one line that names it", () => {
    const { message } = configError({ DATABASE_URL: "mysql://clinic@127.0.0.1/clinic" });
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("PostgreSQL");
    expect(message).not.toContain("\n");
  });
});

describe("delivery where no process lives long", () => {
  it("runs the delivery loop in each server and has no cron route, by default", () => {
    const config = parseConfig({});
    expect(config.deliveryLoop).toBe(true);
    expect(config.cronSecret).toBeUndefined();
  });

  it("turns the loop off and takes a cron secret long enough not to be guessed", () => {
    const secret = "a".repeat(32);
    expect(parseConfig({ DELIVERY_LOOP: "off", CRON_SECRET: secret })).toMatchObject({ deliveryLoop: false, cronSecret: secret });
  });

  it("refuses a short cron secret and a loop setting it cannot read", () => {
    const { message } = configError({ CRON_SECRET: "hunter2", DELIVERY_LOOP: "no" });
    expect(message).toContain("CRON_SECRET");
    expect(message).toContain("DELIVERY_LOOP");
  });
});

describe("appointments: link secrets, the meeting room and the consultation's length", () => {
  it("have no secret (one is generated into var/), no meeting room and 20-minute consultations by default", () => {
    const config = parseConfig({});
    expect(config.staffLinkSecrets).toBeUndefined();
    expect(config.videoLink).toBeUndefined();
    expect(config.consultationMinutes).toBe(20);
  });

  it("take several link secrets, newest first, so the secret can be rotated", () => {
    const newest = "a".repeat(64);
    const older = "b".repeat(40);
    expect(parseConfig({ STAFF_LINK_SECRET: `${newest} ${older}` }).staffLinkSecrets).toEqual([newest, older]);
    expect(parseConfig({ STAFF_LINK_SECRET: `${newest},${older}` }).staffLinkSecrets).toEqual([newest, older]);
  });

  it("take the clinic's meeting room, with {reference} in it, and another length", () => {
    const config = parseConfig({ VIDEO_LINK: "https://meet.example.com/clinic-{reference}", CONSULTATION_MINUTES: "30" });
    expect(config.videoLink).toContain("{reference}");
    expect(config.consultationMinutes).toBe(30);
  });

  it("refuse a short link secret, a meeting room that is not a web address, and a length they cannot use", () => {
    expect(configError({ STAFF_LINK_SECRET: "too-short" }).message).toMatch(/STAFF_LINK_SECRET.*at least 32 characters/);
    expect(configError({ STAFF_LINK_SECRET: `${"a".repeat(40)} short` }).message).toMatch(/STAFF_LINK_SECRET/);
    expect(configError({ VIDEO_LINK: "meet.example.com/room" }).message).toMatch(/VIDEO_LINK must be the clinic's meeting room/);
    expect(configError({ VIDEO_LINK: "javascript:alert(1)" }).message).toMatch(/VIDEO_LINK/);
    expect(configError({ CONSULTATION_MINUTES: "0" }).message).toMatch(/CONSULTATION_MINUTES must be a whole number from 5 to 180/);
  });
});

describe("the keys patrons' details are encrypted with", () => {
  // Fixed keys of 32 bytes, as `openssl rand -base64 32` writes them.
  const NEWEST = Buffer.alloc(32, 7).toString("base64");
  const OLDER = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 8)).toString("base64");

  it("are not set by default: one is generated into var/", () => {
    expect(parseConfig({}).dataEncryptionKeys).toBeUndefined();
    expect(parseConfig({ DATA_ENCRYPTION_KEY: "  " }).dataEncryptionKeys).toBeUndefined();
  });

  it("take one key of 32 bytes in base64, or in base64url", () => {
    expect(parseConfig({ DATA_ENCRYPTION_KEY: NEWEST }).dataEncryptionKeys).toEqual([NEWEST]);
    const urlSafe = Buffer.alloc(32, 0xfb).toString("base64url");
    expect(parseConfig({ DATA_ENCRYPTION_KEY: ` ${urlSafe}\n` }).dataEncryptionKeys).toEqual([urlSafe]);
  });

  it("take two keys, newest first, separated by spaces or commas, so the key can be rotated", () => {
    expect(parseConfig({ DATA_ENCRYPTION_KEY: `${NEWEST} ${OLDER}` }).dataEncryptionKeys).toEqual([NEWEST, OLDER]);
    expect(parseConfig({ DATA_ENCRYPTION_KEY: `${NEWEST},${OLDER}` }).dataEncryptionKeys).toEqual([NEWEST, OLDER]);
    expect(parseConfig({ DATA_ENCRYPTION_KEY: `${NEWEST} , ${OLDER}` }).dataEncryptionKeys).toEqual([NEWEST, OLDER]);
  });

  it.each([
    ["a short word", "hunter2"],
    ["a key of 31 bytes", Buffer.alloc(31, 7).toString("base64")],
    ["a key of 33 bytes", Buffer.alloc(33, 7).toString("base64")],
    ["32 bytes in hex, as `openssl rand -hex 32` writes them", Buffer.alloc(32, 7).toString("hex")],
    ["a key with a character that is not base64", `${NEWEST.slice(0, 10)}!${NEWEST.slice(10)}`],
    ["text that is not base64 at all", "*".repeat(44)],
    ["a good key followed by a short one", `${NEWEST} ${Buffer.alloc(16, 7).toString("base64")}`],
  ])("refuse %s in one line that names DATA_ENCRYPTION_KEY, without repeating it", (_, DATA_ENCRYPTION_KEY) => {
    const { message } = configError({ DATA_ENCRYPTION_KEY });
    expect(message).toMatch(/DATA_ENCRYPTION_KEY(?:\.\d+)? must be keys of 32 bytes in base64/);
    expect(message).not.toContain("\n");
    for (const key of DATA_ENCRYPTION_KEY.split(" ")) expect(message).not.toContain(key);
  });
});

describe("a production build", () => {
  it("warns loudly when SITE_URL is unset, as its pages would name localhost", () => {
    for (const env of [{}, { SITE_URL: " " }]) {
      const warning = siteUrlWarning(env) ?? "";
      expect(warning).toContain("SITE_URL is not set");
      expect(warning).toContain("http://localhost:3000");
    }
  });

  it("says nothing when SITE_URL is set", () => {
    expect(siteUrlWarning({ SITE_URL: "https://www.drdivyasharma.com" })).toBeUndefined();
  });
});

describe("the site's address as next.config.ts reads it", () => {
  it("is SITE_URL, or the default when SITE_URL is unset or wrong, whatever the other settings say", () => {
    expect(siteUrlOf({ SITE_URL: "https://www.drdivyasharma.com/", DATABASE_URL: "mysql://x" })).toBe("https://www.drdivyasharma.com");
    expect(siteUrlOf({})).toBe("http://localhost:3000");
    expect(siteUrlOf({ SITE_URL: "ftp://x" })).toBe("http://localhost:3000");
  });
});
