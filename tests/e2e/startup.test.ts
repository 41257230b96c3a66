// The production build refuses to start on a database it cannot use, before any patron can book, with a message
// that says what to fix: which database (never its password), or which setting is wrong.
import { describe, expect, it } from "vitest";
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
