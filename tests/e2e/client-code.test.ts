// What the production build sends to browsers: the articles load the framework's JavaScript alone, and the booking
// page adds only its form, small enough for a mid-range phone on mobile data.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BOOKING_CLIENT_BUDGET_BYTES = 5 * 1024;

interface ClientManifest {
  clientModules: Record<string, unknown>;
  entryJSFiles: Record<string, string[]>;
}

/** The build's record of the client modules and script files a route uses. */
function clientManifest(route: string): ClientManifest {
  const file = path.join(ROOT, ".next/server/app", `${route}_client-reference-manifest.js`);
  if (!fs.existsSync(file)) throw new Error(`No ${file}: run \`npm run build\` first.`);
  const sandbox: { __RSC_MANIFEST?: Record<string, ClientManifest> } = {};
  new Function("self", "globalThis", fs.readFileSync(file, "utf8"))(sandbox, sandbox);
  return sandbox.__RSC_MANIFEST![`/${route}`];
}

const ourModules = (manifest: ClientManifest) =>
  Object.keys(manifest.clientModules).filter((module) => !module.includes("/node_modules/"));

describe("JavaScript sent to browsers", () => {
  it("ships no client component of ours with the articles or their list", () => {
    // Every language's pages are the same routes under [locale].
    for (const route of ["[locale]/articles/[slug]/page", "[locale]/articles/page", "[locale]/page"]) {
      expect(ourModules(clientManifest(route)), route).toEqual([]);
    }
  });

  it(`keeps the booking page's own code under ${BOOKING_CLIENT_BUDGET_BYTES / 1024} KB compressed`, () => {
    const manifest = clientManifest("[locale]/book/page");
    expect(ourModules(manifest)).toEqual(["[project]/components/BookingForm.tsx"]);
    const shared = new Set([...manifest.entryJSFiles["[project]/app/layout"], ...manifest.entryJSFiles["[project]/app/[locale]/layout"]]);
    const own = manifest.entryJSFiles["[project]/app/[locale]/book/page"].filter((file) => !shared.has(file));
    const bytes = own.reduce((sum, file) => sum + gzipSync(fs.readFileSync(path.join(ROOT, ".next", file))).length, 0);
    console.log(`/book's own JavaScript: ${own.join(", ")}, ${bytes} bytes gzipped`);
    expect(own.length).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(BOOKING_CLIENT_BUDGET_BYTES);
  });
});
