// What is checked before a page runs.
// Every page is in a language: English at the site's root, the others under their prefix (next.config.ts rewrites
// the root's addresses to the [locale] segment's "en"). /en/… is redirected to its one address, and an address under
// another language that no page has gets that language's "Page not found" (app/not-found.tsx is English's).
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
import { DEFAULT_LANGUAGE, languageOfPath, type Language } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";
import { LINK_PROBLEM_STATUS, linkProblemPage, notFoundPage } from "@/lib/link-problem";
import { isPatronPage } from "@/lib/site-pages";
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

function page(html: string, status: number): NextResponse {
  return new NextResponse(html, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function linkPage(request: NextRequest, language: Language, path: string, prefix: string, purpose: LinkPurpose): NextResponse {
  const token = path.slice(prefix.length);
  const check = verifyLink(getLinkKeys(), token, purpose, new Date());
  const headers = withOwnOrigin(request);
  // Answered here, not by rewriting to a page: next start behind -H serves a rewritten page with its own status.
  const problem = check.valid ? undefined : check.reason === "expired" ? "expired" : "not-valid";
  const response = problem
    ? page(linkProblemPage(problem, getClinic(), purpose === "staff" ? DEFAULT_LANGUAGE : language), LINK_PROBLEM_STATUS[problem])
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

function refusal(status: number, message: string) {
  return new NextResponse(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** A booking post turned away, said in the form's language. */
function refuse(status: number, language: Language, reason: "foreign" | "noLength" | "tooLarge" | "unreadable") {
  return refusal(status, translator(language)(`booking.posts.${reason}`));
}

/** The staff area behind the sign-in, and the enrolment links' pages. */
function staffPage(request: NextRequest): NextResponse {
  if (request.method === "POST" && request.headers.get("origin") !== siteOrigin()) {
    // The staff area is in English only.
    return refusal(403, "Staff actions can only be sent from the clinic's own staff pages. Please open them and try again.");
  }
  const response = NextResponse.next();
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("X-Robots-Tag", "noindex, nofollow");
  // An enrolment link's address is a key for an hour: it is never sent to another site.
  if (request.nextUrl.pathname.startsWith(`${ENROLMENT_PAGE}/`)) response.headers.set("Referrer-Policy", "same-origin");
  return response;
}

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname === `/${DEFAULT_LANGUAGE}` || pathname.startsWith(`/${DEFAULT_LANGUAGE}/`)) {
    const english = request.nextUrl.clone();
    english.pathname = pathname.slice(DEFAULT_LANGUAGE.length + 1) || "/";
    return NextResponse.redirect(english, 308);
  }
  const { language, path } = languageOfPath(pathname);
  for (const [purpose, page] of Object.entries(LINK_PAGES) as [LinkPurpose, string][]) {
    // Staff pages have no language; a patron's link opens in the language the patron booked in.
    if (purpose === "staff" && language !== "en") continue;
    if (path.startsWith(`${page}/`)) return linkPage(request, language, path, `${page}/`, purpose);
  }
  // The staff area is at its one English address; /kn/staff is no page, like any other under a language.
  if (language === DEFAULT_LANGUAGE && (path === "/staff" || path.startsWith("/staff/"))) return staffPage(request);
  if (language !== DEFAULT_LANGUAGE && !isPatronPage(path)) return page(notFoundPage(getClinic(), language), 404);
  if (request.method !== "POST" || path !== "/book") return NextResponse.next();
  if (!fromThisSite(request)) {
    return refuse(403, language, "foreign");
  }
  if (request.headers.get("content-length") === null) {
    return refuse(411, language, "noLength");
  }
  if (Number(request.headers.get("content-length")) > BOOKING_BODY_LIMIT_BYTES) {
    return refuse(413, language, "tooLarge");
  }
  if ((request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    try {
      await request.clone().formData();
    } catch {
      return refuse(400, language, "unreadable");
    }
  }
  return NextResponse.next();
}

// Every address but Next.js's own files, app/api and files with an extension (the sitemap, the feed, the icon); the
// whole staff area, whose calendar feed and link pages have dots; and the patrons' link pages, in every language.
export const config = {
  matcher: [
    "/((?!api/|_next/|.*\\..*).*)",
    "/staff",
    "/staff/:path*",
    "/appointments/:token",
    "/privacy/withdraw/:token",
    "/:language/appointments/:token",
    "/:language/privacy/withdraw/:token",
  ],
};
