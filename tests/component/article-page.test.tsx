import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cleanup, render, screen } from "@testing-library/react";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import ArticlePage from "@/app/[locale]/articles/[slug]/page";

// Fixture articles in a folder of their own: no real article names a reviewer until the clinic says who did.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-article-page-"));
const head = 'title: Sun care\ndate: "2024-01-05"\ndescription: Sunscreen.';
fs.writeFileSync(
  path.join(dir, "reviewed.md"),
  `---\n${head}\nreviewedBy: Dr. A. Reviewer, MD\nreviewed: "2024-02-10"\n---\n\nWords.\n`,
);
fs.writeFileSync(path.join(dir, "not-reviewed.md"), `---\n${head}\n---\n\nWords.\n`);

// The page reads its article from the fixture folder instead of content/articles.
vi.mock("@/lib/articles", async (importOriginal) => {
  const articles = await importOriginal<typeof import("@/lib/articles")>();
  return { ...articles, getArticle: (slug: string) => articles.getArticle(slug, dir) };
});

afterEach(cleanup);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function renderArticle(slug: string) {
  return render(await ArticlePage({ params: Promise.resolve({ locale: "en", slug }) }));
}

function jsonLd(container: HTMLElement): Record<string, unknown> {
  return JSON.parse(container.querySelector('script[type="application/ld+json"]')!.textContent!);
}

describe("an article's page", () => {
  it("says under the title who medically reviewed the article and when, as the site writes dates", async () => {
    const { container } = await renderArticle("reviewed");
    const line = screen.getByText(/^Medically reviewed by/);
    expect(line.textContent).toBe("Medically reviewed by Dr. A. Reviewer, MD on Feb 10, 2024");
    expect(line.querySelector("time")?.getAttribute("dateTime")).toBe("2024-02-10");
    expect(line.closest("header")?.querySelector("h1")?.textContent).toBe("Sun care");
    expect(jsonLd(container)).toMatchObject({
      reviewedBy: { "@type": "Person", name: "Dr. A. Reviewer, MD" },
      lastReviewed: "2024-02-10",
    });
  });

  it("says nothing of a review when the article names none", async () => {
    const { container } = await renderArticle("not-reviewed");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Sun care");
    expect(screen.queryByText(/reviewed/i)).toBeNull();
    expect(jsonLd(container)).not.toHaveProperty("reviewedBy");
  });
});
