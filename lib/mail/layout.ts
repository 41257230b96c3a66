// The plain-text and HTML bodies of an email, written from one list of blocks so that the two always say the same,
// and every value is escaped in the HTML.
import { escapeHtml } from "../html";
import { DEFAULT_LANGUAGE, LANGUAGE_TAGS, pathIn, type Language } from "../i18n/languages";
import { translator } from "../i18n/messages";

export type EmailBlock =
  | { text: string }
  | { strong: string }
  /** Label and value pairs, such as "Reference: DS-K7M2-9QXA". */
  | { rows: [string, string][] }
  /** A link shown as a button in HTML and as its text and address in plain text. */
  | { link: string; href: string }
  /** Items of a list, each made of text and optional links. */
  | { items: { text: string; links: { text: string; href: string }[] }[] }
  /** Small print with one link in it, such as the way to withdraw consent at the foot of a patron's email. */
  | { smallPrint: string; link: string; href: string };

/** The words of the link every email to a patron carries (lib/appointments/withdrawal.ts does what it asks). */
export const WITHDRAW_LINK_TEXT = "Withdraw consent and delete my details";

/**
 * The foot of every email to a patron: where the privacy notice is, and the signed link that withdraws consent, in
 * the patron's language (English unless said).
 */
export function privacyBlock(siteUrl: string, withdrawLink: string, language: Language = DEFAULT_LANGUAGE): EmailBlock {
  const t = translator(language);
  return {
    smallPrint: t("mail.receipt.privacy", { url: `${siteUrl}${pathIn(language, "/privacy")}` }),
    link: language === DEFAULT_LANGUAGE ? WITHDRAW_LINK_TEXT : t("mail.receipt.withdraw"),
    href: withdrawLink,
  };
}

const CELL = "padding:6px 12px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top";
/** A link drawn as a button, in the clinic's colour. */
export const BUTTON_STYLE =
  "display:inline-block;padding:10px 18px;background:#0b5d4b;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600";

/** Label and value pairs as an HTML table, escaped: every email's details look alike. */
export function rowsTable(rows: [string, string][]): string {
  const cells = rows
    .map(([label, value]) => `<tr><th style="${CELL}">${escapeHtml(label)}</th><td style="${CELL}">${escapeHtml(value)}</td></tr>`)
    .join("\n");
  return `<table style="border-collapse:collapse">\n${cells}\n</table>`;
}

/** A block as plain text. */
export function textOf(block: EmailBlock): string {
  if ("smallPrint" in block) return `${block.smallPrint}\n${block.link}: ${block.href}`;
  if ("text" in block) return block.text;
  if ("strong" in block) return block.strong;
  if ("rows" in block) return block.rows.map(([label, value]) => `${label}: ${value}`).join("\n");
  if ("link" in block) return `${block.link}:\n${block.href}`;
  return block.items
    .map((item) => [`- ${item.text}`, ...item.links.map((link) => `  ${link.text}: ${link.href}`)].join("\n"))
    .join("\n");
}

/** A block as HTML, every value escaped. */
export function htmlOf(block: EmailBlock): string {
  if ("smallPrint" in block) {
    return `<p style="color:#555;font-size:0.9em">${escapeHtml(block.smallPrint)} <a href="${escapeHtml(block.href)}">${escapeHtml(block.link)}</a></p>`;
  }
  if ("text" in block) return `<p style="white-space:pre-wrap">${escapeHtml(block.text)}</p>`;
  if ("strong" in block) return `<p><strong>${escapeHtml(block.strong)}</strong></p>`;
  if ("rows" in block) return rowsTable(block.rows);
  if ("link" in block) return `<p><a href="${escapeHtml(block.href)}" style="${BUTTON_STYLE}">${escapeHtml(block.link)}</a></p>`;
  const items = block.items
    .map(
      (item) =>
        `<li style="margin-bottom:8px">${escapeHtml(item.text)}${item.links
          .map((link) => `<br><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a>`)
          .join("")}</li>`,
    )
    .join("\n");
  return `<ul>\n${items}\n</ul>`;
}

/** The two bodies of an email; one in Kannada or Hindi says its language and leaves room for the script's marks. */
export function emailBodies(blocks: EmailBlock[], language: Language = DEFAULT_LANGUAGE): { text: string; html: string } {
  const english = language === DEFAULT_LANGUAGE;
  return {
    text: blocks.map(textOf).join("\n\n"),
    html: `<!doctype html>
<html${english ? "" : ` lang="${LANGUAGE_TAGS[language]}"`}><body style="font-family:system-ui,sans-serif;color:#1a1a1a;line-height:${english ? "1.5" : "1.8"}">
${blocks.map(htmlOf).join("\n")}
</body></html>`,
  };
}
