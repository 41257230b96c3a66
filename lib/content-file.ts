// Reads the clinic's content files (Markdown with YAML frontmatter) and checks their frontmatter with zod,
// so a mistake in a file stops the build with the file's name and the field's name.
import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { z } from "zod";
import { isCalendarDate } from "./india-time";

export const CONTENT_DIR = path.join(process.cwd(), "content");

export class ContentError extends Error {
  override name = "ContentError";
}

function refuseExecutableFrontmatter(): never {
  throw new ContentError("frontmatter written as JavaScript is not allowed; use YAML between --- lines");
}

// gray-matter evaluates "---js" frontmatter with eval(); content is data, never code.
const matterOptions = {
  engines: { js: refuseExecutableFrontmatter, javascript: refuseExecutableFrontmatter },
};

export interface ContentFile<T> {
  data: T;
  body: string;
}

export function readContentFile<S extends z.ZodType>(file: string, schema: S): ContentFile<z.output<S>> {
  const label = path.relative(process.cwd(), file) || file;
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(fs.readFileSync(file, "utf8"), matterOptions);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ContentError(`${label}: ${reason}`);
  }
  const result = schema.safeParse(parsed.data);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${label}: frontmatter field "${issue.path.join(".") || "(top)"}": ${issue.message}`,
    );
    throw new ContentError(problems.join("\n"));
  }
  return { data: result.data, body: parsed.content };
}

/** A date in frontmatter: "2022-09-02" quoted, or unquoted (which YAML turns into a Date at UTC midnight). */
export const isoDateField = z
  .union([z.string(), z.date()], { error: "must be a date written as YYYY-MM-DD" })
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value.trim()))
  .pipe(z.string().refine(isCalendarDate, { error: "must be a real date written as YYYY-MM-DD" }));
