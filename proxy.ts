// Three jobs before a page runs.
// Pages that links in emails open (/staff/requests/…, /appointments/…, /privacy/withdraw/…): a forged link is answered 404 and an expired
// one 410, each with the clinic's phone, before any page code runs; and every answer there is kept out of caches,
// search engines and Referer headers, as the link in its address is a capability.
// Booking posts Next.js would answer with a 500 before it reads them are turned away: one from another site (Next.js
// refuses a foreign Origin too, but as a server error), one too large to be a person's or of no declared length
// (Next.js enforces the same limit, next.config.ts, but as a server error), and a form body that cannot be parsed.
// A person or a monitor sees a clear 4xx instead, and the log is not filled with Next.js's stack traces.
// The staff area's answers are kept out of caches and search engines, and a post to it from anywhere but the site's
// own origin (SITE_URL) is refused before any page code runs; every staff page and action checks the session and the
// Origin again itself (app/staff/staff-session.ts), so this is not the only guard.
import { NextResponse, type NextRequest } from "next/server";
import { BOOKING_BODY_LIMIT_BYTES } from "@/lib/booking/rules";
import { getClinic } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { LINK_PROBLEMS, linkProblemPage } from "@/lib/link-problem";
import { getLinkKeys, LINK_PAGES, verifyLink, type LinkPurpose } from "@/lib/links";
import { ENROLMENT_PAGE } from "@/lib/staff/members";
import { siteOrigin } from "@/lib/staff/origin";

/** Headers for every answer to a link's page. */
const LINK_PAGE_HEADERS = {
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex, nofollow",
  "Referrer-Policy": "no-referrer",
} as const;

/**
 * A form posted from a page with `Referrer-Policy: no-referrer` carries `Origin: null`, which Next.js refuses as a
 * cross-site Server Action. Here the signed link in the address is what authorizes the action, not the origin, so a
 * null origin is taken as this site's; a real foreign origin is left for Next.js to refuse.
 */
function withOwnOrigin(request: NextRequest): Headers | undefined {
  if (request.method !== "POST" || request.headers.get("origin") !== "null") return undefined;
  const headers = new Headers(request.headers);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? request.nextUrl.host;
  headers.set("origin", `${request.nextUrl.protocol}//${host}`);
  return headers;
}

function linkPage(request: NextRequest, prefix: string, purpose: LinkPurpose): NextResponse {
  const token = request.nextUrl.pathname.slice(prefix.length);
  const check = verifyLink(getLinkKeys(), token, purpose, new Date());
  const headers = withOwnOrigin(request);
  // Answered here, not by rewriting to a page: next start behind -H serves a rewritten page with its own status.
  const problem = check.valid ? undefined : check.reason === "expired" ? "expired" : "not-valid";
  const response = problem
    ? new NextResponse(linkProblemPage(problem, getClinic()), {
        status: LINK_PROBLEMS[problem].status,
        headers: { "Content-Type": "text/html; charset=utf-8" },
      })
    : NextResponse.next(headers ? { request: { headers } } : undefined);
  for (const [name, value] of Object.entries(LINK_PAGE_HEADERS)) response.headers.set(name, value);
  return response;
}

/** The hosts a booking may be posted from: the one the request was sent to, and the site's public one. */
function fromThisSite(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const own = [request.headers.get("x-forwarded-host"), request.headers.get("host"), new URL(getConfig().siteUrl).host];
  return own.includes(host);
}

function refuse(status: number, message: string) {
  return new NextResponse(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The staff area behind the sign-in, and the enrolment links' pages. */
function staffPage(request: NextRequest): NextResponse {
  if (request.method === "POST" && request.headers.get("origin") !== siteOrigin()) {
    return refuse(403, "Staff actions can only be sent from the clinic's own staff pages. Please open them and try again.");
  }
  const response = NextResponse.next();
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("X-Robots-Tag", "noindex, nofollow");
  // An enrolment link's address is a key for an hour: it is never sent to another site.
  if (request.nextUrl.pathname.startsWith(`${ENROLMENT_PAGE}/`)) response.headers.set("Referrer-Policy", "same-origin");
  return response;
}

export async function proxy(request: NextRequest) {
  for (const [purpose, page] of Object.entries(LINK_PAGES) as [LinkPurpose, string][]) {
    if (request.nextUrl.pathname.startsWith(`${page}/`)) return linkPage(request, `${page}/`, purpose);
  }
  if (request.nextUrl.pathname === "/staff" || request.nextUrl.pathname.startsWith("/staff/")) return staffPage(request);
  if (request.method !== "POST") return NextResponse.next();
  if (!fromThisSite(request)) {
    return refuse(403, "Bookings can only be sent from the clinic's own booking page. Please open it and try again.");
  }
  if (request.headers.get("content-length") === null) {
    return refuse(411, "This request did not say how large it is, so it was not read. Please send the form again.");
  }
  if (Number(request.headers.get("content-length")) > BOOKING_BODY_LIMIT_BYTES) {
    return refuse(413, "This request is far larger than a booking can be, so it was not read. Please shorten what you wrote.");
  }
  if ((request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    try {
      await request.clone().formData();
    } catch {
      return refuse(400, "This is not a booking form the site can read. Please open the booking page and try again.");
    }
  }
  return NextResponse.next();
}

export const config = { matcher: ["/book", "/staff", "/staff/:path*", "/appointments/:token", "/privacy/withdraw/:token"] };
