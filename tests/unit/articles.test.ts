import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { getArticle, listArticles, loadArticles, renderMarkdown } from "@/lib/articles";
import { ContentError } from "@/lib/content-file";
import { formatPostedDate } from "@/lib/india-time";

// The clinic's original page (a copy of the team's seed): the text the site must stay faithful to.
const SEED = fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/clinic-original-page.txt"), "utf8");
const SLUG = "microneedling-benefits-and-side-effects";

// listArticles caches per directory, so every case gets a fresh folder.
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-articles-"));
  tempDirs.push(dir);
  return dir;
}

function articlesDir(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function article(frontmatter: string, body = "Some words about skin."): string {
  return `---\n${frontmatter.trim()}\n---\n\n${body}\n`;
}

/** The ContentError listArticles throws for `dir`; fails the test if it does not throw one. */
function contentError(dir: string): ContentError {
  try {
    listArticles(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return error as ContentError;
  }
  throw new Error("expected listArticles to refuse the folder");
}

/** The visible text of some HTML, for comparing with the original page. */
function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ");
}

describe("the microneedling article", () => {
  const found = getArticle(SLUG);

  it("is published at its old address with its title and date", () => {
    expect(found).toBeDefined();
    expect(found!.title).toBe("Microneedling benefits and side effects/risks");
    expect(found!.date).toBe("2022-09-02");
    expect(SEED).toContain(found!.title);
    expect(SEED).toContain(`Posted date on ${formatPostedDate(found!.date)}`);
  });

  it("is listed among the articles", () => {
    expect(listArticles().map((a) => a.slug)).toContain(SLUG);
  });

  it("has its four sections as headings", () => {
    const headings = [...found!.html.matchAll(/<h2>(.*?)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual([
      "What is Microneedling?",
      "Benefits of microneedling",
      "Side effects/risks of microneedling",
      "What to do after microneedling?",
    ]);
    for (const heading of headings) expect(SEED).toContain(`\n${heading}\n`);
  });

  it("lists every benefit from the original page", () => {
    const benefits = SEED.split("\n")
      .filter((line) => line.trim().startsWith("•"))
      .map((line) => line.trim().replace(/^•\s*/, ""));
    expect(benefits).toHaveLength(10);
    const items = [...found!.html.matchAll(/<li>(.*?)<\/li>/g)].map((match) => match[1].trim());
    for (const benefit of benefits) expect(items).toContain(benefit);
  });

  it("keeps every paragraph of the original page", () => {
    const lines = SEED.split("\n").map((line) => line.trim());
    const start = lines.indexOf("Microneedling is a popular cosmetic procedure that involves puncturing the skin with tiny needles. It is performed by dermatologists to treat different skin conditions, reduce fine lines, acne scars, and much more to improve skin texture.");
    const end = lines.findIndex((line) => line.startsWith("Let's Initiate"));
    expect(start).toBeGreaterThan(0);
    const paragraphs = lines.slice(start, end).filter((line) => line.length > 60 && !line.startsWith("•"));
    expect(paragraphs.length).toBeGreaterThanOrEqual(10);
    const text = textOf(found!.html);
    for (const paragraph of paragraphs) expect(text).toContain(paragraph);
  });

  it("is not found under an address that does not exist", () => {
    expect(getArticle("microneedling")).toBeUndefined();
  });
});

describe("articles in the content folder", () => {
  it("are listed newest first", () => {
    const dir = articlesDir({
      "older.md": article('title: Older\ndate: "2021-03-01"\ndescription: The oldest one.'),
      "newest.md": article('title: Newest\ndate: "2024-06-30"\ndescription: The newest one.'),
      "middle.md": article('title: Middle\ndate: "2023-12-31"\ndescription: In between.'),
    });
    expect(listArticles(dir).map((a) => a.slug)).toEqual(["newest", "middle", "older"]);
  });

  it("accept a date written without quotes, and give it back as written", () => {
    const dir = articlesDir({
      "acne-care.md": article("title: Acne care\ndate: 2024-01-05\ndescription: Looking after acne-prone skin."),
    });
    const [only] = listArticles(dir);
    expect(only.date).toBe("2024-01-05");
    expect(getArticle("acne-care", dir)?.title).toBe("Acne care");
  });

  it("render the body as HTML", () => {
    const dir = articlesDir({
      "hair-fall.md": article('title: Hair fall\ndate: "2024-02-01"\ndescription: Why hair falls.', "## Causes\n\n- Stress"),
    });
    expect(listArticles(dir)[0].html).toContain("<h2>Causes</h2>");
    expect(listArticles(dir)[0].html).toContain("<li>Stress</li>");
  });

  it("refuse an article without a title, naming the file and the field", () => {
    const dir = articlesDir({ "no-title.md": article('date: "2024-01-05"\ndescription: Something.') });
    const error = contentError(dir);
    expect(error.message).toContain("no-title.md");
    expect(error.message).toContain("title");
  });

  it("refuse a date written the Indian way, naming the file and the field", () => {
    const dir = articlesDir({ "bad-date.md": article('title: Bad date\ndate: "05/01/2024"\ndescription: Something.') });
    const error = contentError(dir);
    expect(error.message).toContain("bad-date.md");
    expect(error.message).toContain("date");
  });

  it("refuse an impossible date", () => {
    const dir = articlesDir({ "feb-30.md": article('title: Feb 30\ndate: "2024-02-30"\ndescription: Something.') });
    expect(contentError(dir).message).toContain("date");
  });

  it("refuse an article without a description, naming the field", () => {
    const dir = articlesDir({ "no-description.md": article('title: Short\ndate: "2024-01-05"') });
    const error = contentError(dir);
    expect(error.message).toContain("no-description.md");
    expect(error.message).toContain("description");
  });

  it("refuse a field the site does not know, so a misspelling is not silently ignored", () => {
    const dir = articlesDir({
      "extra.md": article('title: Extra\ndate: "2024-01-05"\ndescription: Something.\nauthor: Someone'),
    });
    const error = contentError(dir);
    expect(error.message).toContain("extra.md");
    expect(error.message).toContain("author");
  });

  it("refuse a file name that cannot be a web address, and say how to name it", () => {
    const dir = articlesDir({
      "Acne Scars.md": article('title: Acne scars\ndate: "2024-01-05"\ndescription: Something.'),
    });
    const error = contentError(dir);
    expect(error.message).toContain("Acne Scars.md");
    expect(error.message).toContain("lowercase letters, digits and single hyphens");
  });

  it.each(["js", "javascript"])("refuse frontmatter written as ---%s without running it", (language) => {
    const globals = globalThis as { __pwned?: boolean };
    const dir = articlesDir({
      "evil.md": `---${language}\n{ title: (function(){ globalThis.__pwned = true; return 'x' })(), date: "2024-01-05", description: "d" }\n---\nbody\n`,
    });
    const error = contentError(dir);
    expect(error.message).toContain("evil.md");
    expect(globals.__pwned).toBeUndefined();
  });
});

describe("hostile Markdown in an article", () => {
  const hostile = [
    "Before the script.",
    "<script>alert(1)</script>",
    "After <img src=x onerror=alert(1)> the image.",
    '<iframe src="https://evil.example"></iframe>',
    "A [click](javascript:alert(1)) link and a [data](data:text/html;base64,PHNjcmlwdD4=) link.",
    "The end of the article.",
  ].join("\n\n");

  function expectHarmless(html: string) {
    for (const danger of ["<script", "onerror", "<iframe", "javascript:", "data:text/html"]) {
      expect(html.toLowerCase()).not.toContain(danger);
    }
    for (const text of ["Before the script.", "After", "the image.", "click", "data", "The end of the article."]) {
      expect(html).toContain(text);
    }
  }

  it("is rendered without scripts, event handlers, frames or dangerous links", () => {
    expectHarmless(renderMarkdown(hostile));
  });

  it("is rendered harmless when read from the content folder too", () => {
    const dir = articlesDir({
      "hostile.md": article('title: Hostile\ndate: "2024-01-05"\ndescription: Tries to attack readers.', hostile),
    });
    expectHarmless(listArticles(dir)[0].html);
  });

  it("keeps ordinary links", () => {
    expect(renderMarkdown("[AAD](https://www.aad.org/)")).toContain('<a href="https://www.aad.org/">AAD</a>');
  });
});

describe("an article about a procedure", () => {
  it("names the procedure from its frontmatter", () => {
    expect(getArticle(SLUG)?.procedure).toBe("Microneedling");
    const dir = articlesDir({ "tips.md": article('title: Tips\ndate: "2024-01-05"\ndescription: General tips.') });
    expect(listArticles(dir)[0].procedure).toBeUndefined();
  });

  it("refuses an empty procedure, naming the field", () => {
    const dir = articlesDir({
      "empty.md": article('title: Empty\ndate: "2024-01-05"\ndescription: Something.\nprocedure: ""'),
    });
    expect(contentError(dir).message).toContain("procedure");
  });
});

describe("articles during a build", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  /** lib/articles as another of the build's processes loads it: with no articles in memory. */
  async function anotherProcess() {
    vi.resetModules();
    return import("@/lib/articles");
  }

  function markdownReads(reads: { mock: { calls: unknown[][] } }): number {
    return reads.mock.calls.filter(([file]) => String(file).endsWith(".md")).length;
  }

  const acne = article('title: Acne care\ndate: "2024-01-05"\ndescription: Acne-prone skin.', "## Causes\n\n- Stress");
  const eczema = article('title: Eczema\ndate: "2024-03-01"\ndescription: Dry, itchy skin.');

  it("are read and rendered by the first process only; the others load what it rendered", async () => {
    const dir = articlesDir({ "acne-care.md": acne, "eczema.md": eczema });
    const shared = tempDir();
    const rendered = (await anotherProcess()).loadArticles(dir, shared);
    const reads = vi.spyOn(fs, "readFileSync");
    const loaded = (await anotherProcess()).loadArticles(dir, shared);
    expect(markdownReads(reads)).toBe(0);
    expect(loaded).toEqual(rendered);
    expect(loaded.map((a) => a.slug)).toEqual(["eczema", "acne-care"]);
  });

  it("are read again when an article has changed since another process rendered them", async () => {
    const dir = articlesDir({ "acne-care.md": acne, "eczema.md": eczema });
    const shared = tempDir();
    (await anotherProcess()).loadArticles(dir, shared);
    fs.writeFileSync(path.join(dir, "eczema.md"), article('title: Eczema in winter\ndate: "2024-03-01"\ndescription: Dry.'));
    const reads = vi.spyOn(fs, "readFileSync");
    const loaded = (await anotherProcess()).loadArticles(dir, shared);
    expect(markdownReads(reads)).toBe(2);
    expect(loaded.map((a) => a.title)).toEqual(["Eczema in winter", "Acne care"]);
  });

  it("are read again when an article is added", async () => {
    const dir = articlesDir({ "acne-care.md": acne });
    const shared = tempDir();
    (await anotherProcess()).loadArticles(dir, shared);
    fs.writeFileSync(path.join(dir, "eczema.md"), eczema);
    expect((await anotherProcess()).loadArticles(dir, shared).map((a) => a.slug)).toEqual(["eczema", "acne-care"]);
  });

  it("leave one whole file for the other processes and no partial one", () => {
    const shared = tempDir();
    loadArticles(articlesDir({ "acne-care.md": acne }), shared);
    const files = fs.readdirSync(shared);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^articles-[0-9a-f]+\.json$/);
    expect(JSON.parse(fs.readFileSync(path.join(shared, files[0]), "utf8"))[0].html).toContain("<li>Stress</li>");
  });

  it("are not looked for again by a build's process once it has them, however many pages it renders", () => {
    vi.stubEnv("NODE_ENV", "production");
    const dir = articlesDir({ "acne-care.md": acne });
    listArticles(dir);
    const listings = vi.spyOn(fs, "readdirSync");
    for (let page = 0; page < 3; page++) getArticle("acne-care", dir);
    expect(listings).not.toHaveBeenCalled();
  });
});

describe("articles under next dev", () => {
  it("show an edit to an article without restarting the server", () => {
    const dir = articlesDir({ "acne-care.md": article('title: Acne care\ndate: "2024-01-05"\ndescription: Acne.') });
    expect(getArticle("acne-care", dir)?.title).toBe("Acne care");
    fs.writeFileSync(path.join(dir, "acne-care.md"), article('title: Caring for acne\ndate: "2024-01-05"\ndescription: Acne.'));
    expect(getArticle("acne-care", dir)?.title).toBe("Caring for acne");
  });
});

describe("an article's medical review", () => {
  // Fixture data: no real article names a reviewer until the clinic says who reviewed it.
  const REVIEWER = "Dr. A. Reviewer, MD";
  const head = 'title: Sun care\ndate: "2024-01-05"\ndescription: Sunscreen.';

  afterEach(() => {
    vi.useRealTimers();
  });

  it("gives who reviewed the article and when, as one review", () => {
    const dir = articlesDir({ "sun-care.md": article(`${head}\nreviewedBy: ${REVIEWER}\nreviewed: 2024-02-10`) });
    expect(listArticles(dir)[0].review).toEqual({ by: REVIEWER, date: "2024-02-10" });
  });

  it("is unknown when the frontmatter names neither", () => {
    const dir = articlesDir({ "sun-care.md": article(head) });
    expect(listArticles(dir)[0].review).toBeUndefined();
    expect(getArticle(SLUG)?.review).toBeUndefined();
  });

  it("refuses a reviewer without the date, naming the file and the missing field", () => {
    const dir = articlesDir({ "sun-care.md": article(`${head}\nreviewedBy: ${REVIEWER}`) });
    expect(contentError(dir).message).toMatch(/sun-care\.md: frontmatter field "reviewed": is required with reviewedBy/);
  });

  it("refuses a date without the reviewer, naming the file and the missing field", () => {
    const dir = articlesDir({ "sun-care.md": article(`${head}\nreviewed: "2024-02-10"`) });
    expect(contentError(dir).message).toMatch(/sun-care\.md: frontmatter field "reviewedBy": is required with reviewed/);
  });

  it("refuses an empty reviewer", () => {
    const dir = articlesDir({ "sun-care.md": article(`${head}\nreviewedBy: " "\nreviewed: "2024-02-10"`) });
    expect(contentError(dir).message).toContain('frontmatter field "reviewedBy": must name the person');
  });

  it("checks the review's date like the article's date", () => {
    const dir = articlesDir({ "sun-care.md": article(`${head}\nreviewedBy: ${REVIEWER}\nreviewed: "10/02/2024"`) });
    expect(contentError(dir).message).toContain('sun-care.md: frontmatter field "reviewed": must be a real date');
  });

  it("refuses a review before the article was first posted", () => {
    const dir = articlesDir({ "sun-care.md": article(`${head}\nreviewedBy: ${REVIEWER}\nreviewed: "2024-01-04"`) });
    expect(contentError(dir).message).toContain(
      'sun-care.md: frontmatter field "reviewed": must not be before the article\'s date (2024-01-05)',
    );
  });

  it("accepts a review on the day the article was posted", () => {
    const dir = articlesDir({ "sun-care.md": article(`${head}\nreviewedBy: ${REVIEWER}\nreviewed: "2024-01-05"`) });
    expect(listArticles(dir)[0].review?.date).toBe("2024-01-05");
  });

  it("refuses a review dated after today in India, and accepts today's though it is still yesterday in UTC", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2024-03-10T20:00:00Z")); // 01:30 on 11 March in India
    const today = articlesDir({ "sun-care.md": article(`${head}\nreviewedBy: ${REVIEWER}\nreviewed: "2024-03-11"`) });
    expect(listArticles(today)[0].review?.date).toBe("2024-03-11");
    const tomorrow = articlesDir({ "sun-care.md": article(`${head}\nreviewedBy: ${REVIEWER}\nreviewed: "2024-03-12"`) });
    expect(contentError(tomorrow).message).toContain(
      'sun-care.md: frontmatter field "reviewed": must not be in the future (today in India is 2024-03-11)',
    );
  });
});
