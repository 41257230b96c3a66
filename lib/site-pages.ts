// The patron's pages, which every language has: proxy.ts answers an address under a language that is none of them
// with that language's "Page not found" (lib/link-problem.ts), before any page runs.
import fs from "node:fs";
import path from "node:path";
import { CONTENT_DIR } from "./content-file";

const PAGES = new Set(["/", "/articles", "/book", "/book/times", "/privacy", "/service-unavailable"]);

let articleSlugs: Set<string> | undefined;

/** Whether `path` (as in English: "/articles/…") is one of the site's pages for patrons. */
export function isPatronPage(pagePath: string): boolean {
  if (PAGES.has(pagePath)) return true;
  const article = /^\/articles\/([a-z0-9-]+)$/.exec(pagePath);
  if (!article) return false;
  // The articles' files are read once: a new article is a new build, and a new server process.
  articleSlugs ??= new Set(
    fs
      .readdirSync(path.join(CONTENT_DIR, "articles"))
      .filter((file) => file.endsWith(".md"))
      .map((file) => file.slice(0, -".md".length)),
  );
  return articleSlugs.has(article[1]);
}
