// The English left in a Kannada or Hindi page's main part: the words a patron reads there, outside scripts, tags and
// their attributes, with the request's reference taken out. A test compares them with the few English words a page
// may keep (the clinic's name and email, "IST", CLDR's AM and PM).
import { decodeHtml } from "./smtp";

/** The text of the page's <main>, as a patron reads it. */
export function mainText(html: string): string {
  const main = /<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? html;
  return decodeHtml(main.replace(/<(script|style)[\s\S]*?<\/\1>/g, " ").replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

/** The English words in `text` that are not `allowed`, references (DS-XXXX-XXXX) aside. */
export function englishWords(text: string, allowed: ReadonlySet<string>): string[] {
  const words = text.replace(/\bDS-[A-Z0-9]{4}-[A-Z0-9]{4}\b/g, " ").match(/[A-Za-z]{2,}/g) ?? [];
  return [...new Set(words)].filter((word) => !allowed.has(word));
}
