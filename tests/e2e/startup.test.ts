// The production build refuses to start on a database it cannot use, before any patron can book, with a message
// that says what to fix: which database (never its password), or which setting is wrong. And a database that fails
// while the site runs costs a patron nothing they typed.
import { describe, expect, it } from "vitest";
import { openBookingPage, postBooking, receivedReference } from "../support/booking-http";
import { psql, startPostgres } from "../support/postgres";
import { freePort, startSite } from "../support/site";

/** The output of a `next start` that exited, as startSite reports it; fails if the server came up. */
async function startFailure(env: Record<string, string>): Promise<string> {
  const site = await startSite(env).catch((error: Error) => error);
  if (!(site instanceof Error)) {
    await site.stop();
    throw new Error("the server started");
  }
  return site.message;
}

describe("starting the server", () => {
  it("exits at start, naming the database but not its password, when PostgreSQL does not answer", async () => {
    const port = await freePort();
    const password = "Sup3r-S3cret-Passw0rd";
    const output = await startFailure({
      DATABASE_URL: `postgres://clinic:${password}@127.0.0.1:${port}/clinic_records`,
    });

    expect(output).toMatch(/^next start exited \([1-9]\d*\)/);
    expect(output).toContain(
      `The server cannot start with the PostgreSQL database clinic_records on 127.0.0.1:${port}`,
    );
    expect(output).toContain("Check DATABASE_URL");
    expect(output).not.toContain(password);
  });

  it("exits at start with one line naming DATABASE_URL when it is not a PostgreSQL URL", async () => {
    const output = await startFailure({ DATABASE_URL: "mysql://x" });

    expect(output).toMatch(/^next start exited \([1-9]\d*\)/);
    const lines = output.split("\n").filter((line) => line.includes("DATABASE_URL"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      "The server's configuration is wrong (see .env.example): DATABASE_URL must be a PostgreSQL connection URL",
    );
  });
});

describe("a database that fails while the site runs", () => {
  it("keeps the patron's answers and gives the clinic's phone, writes nothing, and takes the booking once it is back", async () => {
    const postgres = await startPostgres();
    try {
      const url = await postgres.createDatabase();
      const name = new URL(url).pathname.slice(1);
      const site = await startSite({ DATABASE_URL: url, BOOKING_LIMIT: "off", BOOKING_MIN_SECONDS: "0" });
      try {
        const page = await openBookingPage(site.url);
        // No one, the site's superuser included, may connect; the connections it has are ended.
        psql(postgres.url, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
        psql(postgres.url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);

        const failed = await postBooking(site.url, page, { fullName: "Failing Farida", reason: "Dry patches on both elbows." });
        expect(failed.status).toBe(200);
        expect(receivedReference(failed.html)).toBeUndefined();
        expect(failed.html).toContain("we could not take your request just now");
        expect(failed.html).toContain("9620638388");
        expect(failed.html).toContain('value="Failing Farida"');
        expect(failed.html).toContain("Dry patches on both elbows.");

        psql(postgres.url, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
        expect(psql(url, "SELECT count(*) FROM consultation_requests")).toBe("0");
        // The request's emails: on an open day's daytime the site has written the day's agenda into the outbox too.
        expect(psql(url, "SELECT count(*) FROM outbox WHERE kind <> 'clinic-agenda'")).toBe("0");

        // The same form, sent again: now it is received, once.
        const again = await postBooking(site.url, page, { fullName: "Failing Farida", reason: "Dry patches on both elbows." });
        expect(receivedReference(again.html)).toBeDefined();
        expect(psql(url, "SELECT count(*) FROM consultation_requests")).toBe("1");
        expect(psql(url, "SELECT count(*) FROM outbox WHERE kind <> 'clinic-agenda'")).toBe("2");
      } finally {
        await site.stop();
      }
    } finally {
      await postgres.stop();
    }
  }, 60_000);
});
