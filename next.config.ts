import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { BOOKING_BODY_LIMIT_BYTES } from "./lib/booking/rules";
import { siteUrlOf, siteUrlWarning } from "./lib/config";
import { DEFAULT_LANGUAGE, LANGUAGES } from "./lib/i18n/languages";

const development = process.env.NODE_ENV === "development";

// No origin but the site's own. Next.js hydrates with inline scripts, and the articles are prerendered (so there is
// no per-request nonce): scripts need 'unsafe-inline' but never 'unsafe-eval', which only the dev server's React uses.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self'",
  "font-src 'self'",
  `connect-src 'self'${development ? " ws:" : ""}`,
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  // Browsers heed it only over HTTPS; left out in development so a local HTTPS server does not pin localhost for a year.
  ...(development ? [] : [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }]),
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded from node_modules once per process rather than copied into each server bundle: the booking action and the
  // metrics route share one registry of this process's figures (lib/metrics.ts).
  serverExternalPackages: ["prom-client"],
  // English stays at the site's root (/, /book, …) while its pages live in the [locale] segment as "en". A rewrite
  // here, not in proxy.ts: under next start -H 127.0.0.1 (as deploy/clinic@.service runs it) a rewrite from proxy.ts
  // is taken for another origin's and proxied back through it (vercel/next.js#94745). After the files, so the
  // sitemap, the feed and the icon are served as they are; not the other languages, the staff area or app/api.
  async rewrites() {
    // Nor Next.js's own addresses (/_next/…, and /_not-found, which it renders a 404 from).
    const unprefixed = `(?!_|(?:staff|api|${LANGUAGES.join("|")})(?:/|$))`;
    return {
      beforeFiles: [],
      afterFiles: [
        { source: "/", destination: `/${DEFAULT_LANGUAGE}` },
        { source: `/:path(${unprefixed}.+)`, destination: `/${DEFAULT_LANGUAGE}/:path` },
      ],
      fallback: [],
    };
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  experimental: {
    // The stylesheet is under 3 KB compressed: inlined, a patron arriving from a search on mobile data sees the page
    // one round trip sooner, as it no longer waits for the CSS file.
    inlineCss: true,
    serverActions: {
      // Behind a proxy that forwards its own host, the public host is the one browsers send as Origin.
      allowedOrigins: [new URL(siteUrlOf(process.env)).host],
      // Refused while it is read. proxy.ts answers a declared oversize body first, as Next.js answers this with a 500.
      bodySizeLimit: BOOKING_BODY_LIMIT_BYTES,
    },
  },
};

export default function config(phase: string): NextConfig {
  if (phase === PHASE_PRODUCTION_BUILD) {
    const warning = siteUrlWarning(process.env);
    if (warning) console.warn(warning);
  }
  return nextConfig;
}
