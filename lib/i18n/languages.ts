// The languages the site speaks, and where each one's pages are: English at the site's root (/, /book, …, so no
// link breaks), every other language under its own prefix (/kn/…, /hi/…). Plain data: safe in the browser.

/** Every language the site has messages for (messages/<code>.json), English first. */
export const LANGUAGES = ["en", "kn", "hi"] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = "en";

/** Each language named in its own script, as the switcher shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", kn: "ಕನ್ನಡ", hi: "हिन्दी" };

/** Each language's name in English, for the clinic's emails and the command line. */
export const LANGUAGE_NAMES_IN_ENGLISH: Record<Language, string> = { en: "English", kn: "Kannada", hi: "Hindi" };

/** The BCP 47 tag for `<html lang>` and Intl: the language as written in India. */
export const LANGUAGE_TAGS: Record<Language, string> = { en: "en-IN", kn: "kn-IN", hi: "hi-IN" };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The address of the site's `path` ("/", "/book") in `language`: "/", "/kn", "/kn/book". */
export function pathIn(language: Language, path: string): string {
  if (language === DEFAULT_LANGUAGE) return path;
  return path === "/" ? `/${language}` : `/${language}${path}`;
}

/** The language of an address on the site and the address of the same page in English. */
export function languageOfPath(pathname: string): { language: Language; path: string } {
  const [, first = "", ...rest] = pathname.split("/");
  if (first !== DEFAULT_LANGUAGE && isLanguage(first)) return { language: first, path: `/${rest.join("/")}` };
  return { language: DEFAULT_LANGUAGE, path: pathname };
}
