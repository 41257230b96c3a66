// Prints the JavaScript each page loads in Chromium from the production build (`npm run build` first):
// bytes on the wire (compressed, as next start serves them) and uncompressed, per page.
// Usage: node tests/perf/page-javascript.mjs [/path ...]
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { chromium } from "playwright-core";

const root = path.resolve(import.meta.dirname, "../..");
const pages = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ["/", "/articles", "/articles/microneedling-benefits-and-side-effects", "/book"];

const port = await new Promise((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
  cwd: root,
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  stdio: "ignore",
});
const base = `http://127.0.0.1:${port}`;
for (let tries = 0; ; tries++) {
  try {
    if ((await fetch(base)).ok) break;
  } catch {
    if (tries > 150) throw new Error("next start did not answer");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log("page | scripts | JavaScript on the wire | uncompressed");
console.log("--- | --- | --- | ---");
try {
  for (const pagePath of pages) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts = [];
    page.on("requestfinished", (request) => {
      if (request.resourceType() === "script") scripts.push(request);
    });
    await page.goto(base + pagePath, { waitUntil: "networkidle" });
    let wire = 0;
    let raw = 0;
    for (const request of scripts) {
      const sizes = await request.sizes();
      wire += sizes.responseBodySize + sizes.responseHeadersSize;
      raw += (await (await request.response())?.body())?.length ?? 0;
    }
    console.log(`${pagePath} | ${scripts.length} | ${kb(wire)} (${wire} B) | ${kb(raw)} (${raw} B)`);
    await context.close();
  }
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
