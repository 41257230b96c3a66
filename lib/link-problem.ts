// What a link from an email shows when it cannot be used: forged or mistyped (404), or too old (410), which proxy.ts
// answers itself, before any page runs, as a small page of its own; or about a request whose details were erased,
// which the link's page tells. components/LinkProblem.tsx says the same on the site's pages. Nothing has been changed, and the clinic's phone is one tap away.
import type { ClinicSettings } from "./clinic";
import { escapeHtml } from "./html";

export type LinkProblem = "not-valid" | "expired" | "erased";

export const LINK_PROBLEMS: Record<LinkProblem, { status: number; heading: string; why: string }> = {
  "not-valid": {
    status: 404,
    heading: "This link is not valid",
    why: "The link may have been cut short or changed when it was copied.",
  },
  expired: {
    status: 410,
    heading: "This link has expired",
    why: "Links in the clinic's emails work for a limited time: until the appointment for patrons, two weeks for staff.",
  },
  erased: {
    status: 410,
    heading: "This request's details were deleted",
    why: "The patron withdrew their consent, or the request was done with: only its reference and dates are kept.",
  },
};

export const NOTHING_CHANGED = "Nothing has been changed.";

type Contact = Pick<ClinicSettings, "name" | "phone" | "phoneDisplay" | "email">;

/** The whole page, in the clinic's colours, with no script and nothing loaded from elsewhere. */
export function linkProblemPage(problem: LinkProblem, clinic: Contact): string {
  const { heading, why } = LINK_PROBLEMS[problem];
  const e = escapeHtml;
  return `<!doctype html>
<html lang="en-IN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${e(heading)} | ${e(clinic.name)}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;font-size:1.0625rem;line-height:1.65;color:#1c2526}
header{background:#073f3b;color:#fff;padding:1rem 1.25rem;font-weight:700;font-size:1.2rem}
header a{color:#fff;text-decoration:none}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1.25rem}
h1{color:#073f3b;line-height:1.25}
a{color:#0b5d57}
</style></head>
<body><header><a href="/">${e(clinic.name)}</a></header>
<main>
<h1>${e(heading)}</h1>
<p>${e(why)} ${e(NOTHING_CHANGED)}</p>
<p>Please call the clinic on <a href="tel:${e(clinic.phone)}">${e(clinic.phoneDisplay)}</a> or write to <a href="mailto:${e(clinic.email)}">${e(clinic.email)}</a>, quoting the reference in your email.</p>
<p><a href="/">Go to the clinic's home page</a></p>
</main></body></html>`;
}
