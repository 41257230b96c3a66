// What a link from an email shows when it cannot be used: forged or mistyped (404), or too old (410), which proxy.ts
// answers itself, before any page runs, as a small page of its own; or about a request whose details were erased,
// which the link's page tells. components/LinkProblem.tsx says the same on the site's pages. Nothing has been
// changed, and the clinic's phone is one tap away. The words are messages/<language>.json's "linkProblem".
// proxy.ts answers an address under another language that no page has ("Page not found") the same way.
import type { ClinicSettings } from "./clinic";
import { escapeHtml } from "./html";
import { DEFAULT_LANGUAGE, LANGUAGE_TAGS, pathIn, type Language } from "./i18n/languages";
import { translator } from "./i18n/messages";

export type LinkProblem = "not-valid" | "expired" | "erased";

export const LINK_PROBLEM_STATUS: Record<LinkProblem, number> = { "not-valid": 404, expired: 410, erased: 410 };

type Contact = Pick<ClinicSettings, "name" | "phone" | "phoneDisplay" | "email">;

/** "Please call the clinic on … or write to …", as HTML with its links. */
export function contactHtml(language: Language, clinic: Contact): string {
  const e = escapeHtml;
  return translator(language).markup("linkProblem.contact", {
    phone: e(clinic.phoneDisplay),
    email: e(clinic.email),
    call: (chunks) => `<a href="tel:${e(clinic.phone)}" class="phone">${chunks}</a>`,
    mail: (chunks) => `<a href="mailto:${e(clinic.email)}">${chunks}</a>`,
  });
}

/** A whole page in the clinic's colours, in `language`, with no script and nothing loaded from elsewhere. */
function standalonePage(language: Language, clinic: Contact, heading: string, paragraphsHtml: string[]): string {
  const e = escapeHtml;
  const home = pathIn(language, "/");
  return `<!doctype html>
<html lang="${LANGUAGE_TAGS[language]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${e(heading)} | ${e(clinic.name)}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;font-size:1.0625rem;line-height:${language === DEFAULT_LANGUAGE ? "1.65" : "1.8"};color:#1c2526}
header{background:#073f3b;color:#fff;padding:1rem 1.25rem;font-weight:700;font-size:1.2rem}
header a{color:#fff;text-decoration:none}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1.25rem}
h1{color:#073f3b;line-height:${language === DEFAULT_LANGUAGE ? "1.25" : "1.5"}}
a{color:#0b5d57}
.phone{white-space:nowrap}
</style></head>
<body><header><a href="${home}">${e(clinic.name)}</a></header>
<main>
<h1>${e(heading)}</h1>
${paragraphsHtml.map((paragraph) => `<p>${paragraph}</p>`).join("\n")}
<p><a href="${home}">${e(translator(language)("linkProblem.home"))}</a></p>
</main></body></html>`;
}

export function linkProblemPage(problem: LinkProblem, clinic: Contact, language: Language = DEFAULT_LANGUAGE): string {
  const t = translator(language);
  const e = escapeHtml;
  return standalonePage(language, clinic, t(`linkProblem.${problem}.heading`), [
    `${e(t(`linkProblem.${problem}.why`))} ${e(t("linkProblem.nothingChanged"))}`,
    contactHtml(language, clinic),
  ]);
}

/** "Page not found" for an address under `language` that no page has. */
export function notFoundPage(clinic: Contact, language: Language): string {
  const t = translator(language);
  const link = (path: string) => escapeHtml(pathIn(language, path));
  return standalonePage(language, clinic, t("notFound.title"), [
    escapeHtml(t("notFound.text")),
    t.markup("notFound.links", {
      phone: escapeHtml(clinic.phoneDisplay),
      home: (chunks) => `<a href="${link("/")}">${chunks}</a>`,
      articles: (chunks) => `<a href="${link("/articles")}">${chunks}</a>`,
      book: (chunks) => `<a href="${link("/book")}">${chunks}</a>`,
      call: (chunks) => `<a href="tel:${escapeHtml(clinic.phone)}" class="phone">${chunks}</a>`,
    }),
  ]);
}
