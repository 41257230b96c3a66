// The clinic's articles: one Markdown file each in content/articles/, read and rendered once per build.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { remark } from "remark";
import remarkHtml from "remark-html";
import { z } from "zod";
import { CONTENT_DIR, ContentError, isoDateField, readContentFile } from "./content-file";
import { todayInIndia } from "./india-time";

const ARTICLES_DIR = path.join(CONTENT_DIR, "articles");

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const frontmatterSchema = z
  .strictObject({
    title: z.string({ error: "is required (the article's title)" }).trim().min(1, { error: "must not be empty" }),
    date: isoDateField,
    description: z
      .string({ error: "is required (one or two sentences for listings and search results)" })
      .trim()
      .min(1, { error: "must not be empty" }),
    updated: isoDateField.optional(),
    tags: z.array(z.string().trim().min(1)).default([]),
    procedure: z.string().trim().min(1, { error: "must name the procedure, such as Microneedling" }).optional(),
    reviewedBy: z.string().trim().min(1, { error: "must name the person who reviewed the article" }).optional(),
    reviewed: isoDateField.optional(),
  })
  // Who without when, or when without who, would tell readers of a review nobody can vouch for.
  .superRefine(({ date, reviewedBy, reviewed }, ctx) => {
    const refuse = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    if (reviewed === undefined) {
      if (reviewedBy !== undefined) {
        refuse("reviewed", "is required with reviewedBy (the date of the review, YYYY-MM-DD)");
      }
    } else if (reviewedBy === undefined) {
      refuse("reviewedBy", "is required with reviewed (the person who reviewed the article)");
    } else if (reviewed < date) {
      refuse("reviewed", `must not be before the article's date (${date})`);
    } else {
      const today = todayInIndia(new Date());
      if (reviewed > today) refuse("reviewed", `must not be in the future (today in India is ${today})`);
    }
  })
  // One value for the pair, so nothing after this can show half a review.
  .transform(({ reviewedBy, reviewed, ...fields }) => ({
    ...fields,
    review: reviewedBy && reviewed ? { by: reviewedBy, date: reviewed } : undefined,
  }));

export interface ArticleReview {
  /** The reviewer's name as it is shown, with any title. */
  by: string;
  /** ISO date of the review. */
  date: string;
}

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
  /** Who medically reviewed the article and when, where the clinic knows both. */
  review?: ArticleReview;
  /** Sanitized HTML of the body: raw HTML, scripts, event handlers and javascript: links are removed. */
  html: string;
}

// remark-html sanitizes by default (GitHub's schema); it is named here so nobody turns it off by accident.
const markdownToHtml = remark().use(remarkHtml, { sanitize: true });

export function renderMarkdown(markdown: string): string {
  return String(markdownToHtml.processSync(markdown));
}

// next build prerenders pages in worker processes (one per spare core), and in each one the pages and the route
// handlers (feed, sitemap) load this module separately. The first to need the articles renders them into a file that
// the others load.
// No lock: generateStaticParams of the article pages needs them while Next collects page data, before any page is
// prerendered, so one process renders them; if two ever did, both would write the same articles and the rename
// makes either file whole. The file is in .next/ but not in .next/cache/, which next build empties when it starts,
// so no build ever reuses articles rendered by an older version of this code or of remark.
const BUILD_OUTPUT_DIR = path.join(process.cwd(), ".next");

interface LoadedArticles {
  fingerprint: string;
  articles: Article[];
}

const loaded = new Map<string, LoadedArticles>();

/** Every article, newest first. */
export function listArticles(dir: string = ARTICLES_DIR): Article[] {
  return loadArticles(dir, process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD ? BUILD_OUTPUT_DIR : undefined);
}

export function getArticle(slug: string, dir: string = ARTICLES_DIR): Article | undefined {
  return listArticles(dir).find((article) => article.slug === slug);
}

/**
 * The articles in `dir`, read and rendered once; other processes load them from `sharedDir` when it is given.
 * Under next dev (and in tests) an article edited since is read again; a build or a production server reads once.
 */
export function loadArticles(dir: string, sharedDir?: string): Article[] {
  const known = loaded.get(dir);
  if (known && process.env.NODE_ENV === "production") return known.articles;
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .sort();
  const fingerprint = fingerprintOf(dir, files);
  if (known?.fingerprint === fingerprint) return known.articles;
  const sharedFile = sharedDir && path.join(sharedDir, `articles-${fingerprint}.json`);
  let articles = sharedFile ? readShared(sharedFile) : undefined;
  if (!articles) {
    articles = readArticles(dir, files);
    if (sharedFile) writeShared(sharedFile, articles);
  }
  loaded.set(dir, { fingerprint, articles });
  return articles;
}

/** Changes when a file is added, removed, renamed or written; from the folder's listing and stat, without reading. */
function fingerprintOf(dir: string, files: string[]): string {
  const hash = createHash("sha256").update(path.resolve(dir));
  for (const name of files) {
    const { size, mtimeNs, ctimeNs } = fs.statSync(path.join(dir, name), { bigint: true });
    hash.update(`\0${name}\0${size}\0${mtimeNs}\0${ctimeNs}`);
  }
  return hash.digest("hex").slice(0, 32);
}

function readShared(file: string): Article[] | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Article[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

// Written whole under another name, then renamed: a process loading it never sees half a file.
function writeShared(file: string, articles: Article[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${randomUUID()}.tmp`;
  fs.writeFileSync(partial, JSON.stringify(articles));
  fs.renameSync(partial, file);
}

function readArticles(dir: string, files: string[]): Article[] {
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
