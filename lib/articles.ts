// The clinic's articles: one Markdown file each in content/articles/, read and rendered once per process.
import fs from "node:fs";
import path from "node:path";
import { remark } from "remark";
import remarkHtml from "remark-html";
import { z } from "zod";
import { CONTENT_DIR, ContentError, isoDateField, readContentFile } from "./content-file";

const ARTICLES_DIR = path.join(CONTENT_DIR, "articles");

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const frontmatterSchema = z.strictObject({
  title: z.string({ error: "is required (the article's title)" }).trim().min(1, { error: "must not be empty" }),
  date: isoDateField,
  description: z
    .string({ error: "is required (one or two sentences for listings and search results)" })
    .trim()
    .min(1, { error: "must not be empty" }),
  updated: isoDateField.optional(),
  tags: z.array(z.string().trim().min(1)).default([]),
  procedure: z.string().trim().min(1, { error: "must name the procedure, such as Microneedling" }).optional(),
});

export interface Article {
  slug: string;
  title: string;
  /** ISO date of first posting. */
  date: string;
  updated?: string;
  description: string;
  tags: string[];
  /** The medical procedure the article is about, if it is about one (for search engines' structured data). */
  procedure?: string;
  /** Sanitized HTML of the body: raw HTML, scripts, event handlers and javascript: links are removed. */
  html: string;
}

// remark-html sanitizes by default (GitHub's schema); it is named here so nobody turns it off by accident.
const markdownToHtml = remark().use(remarkHtml, { sanitize: true });

export function renderMarkdown(markdown: string): string {
  return String(markdownToHtml.processSync(markdown));
}

const cache = new Map<string, Article[]>();

/** Every article, newest first. Files are read and rendered once per process. */
export function listArticles(dir: string = ARTICLES_DIR): Article[] {
  let articles = cache.get(dir);
  if (!articles) {
    articles = readArticles(dir);
    cache.set(dir, articles);
  }
  return articles;
}

export function getArticle(slug: string, dir: string = ARTICLES_DIR): Article | undefined {
  return listArticles(dir).find((article) => article.slug === slug);
}

function readArticles(dir: string): Article[] {
  const files = fs.readdirSync(dir).filter((name) => name.endsWith(".md"));
  const articles = files.map((name) => {
    const slug = name.slice(0, -".md".length);
    if (!SLUG.test(slug)) {
      throw new ContentError(
        `${path.join(path.relative(process.cwd(), dir), name)}: the file name is the article's address; ` +
          "use lowercase letters, digits and single hyphens, such as microneedling-aftercare.md",
      );
    }
    const { data, body } = readContentFile(path.join(dir, name), frontmatterSchema);
    return { slug, ...data, html: renderMarkdown(body) };
  });
  return articles.sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title));
}
