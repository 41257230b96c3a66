// The language of the page being rendered, from the [locale] segment every patron's page sits under.
import { notFound } from "next/navigation";
import { shownLanguages } from "../clinic";
import { isLanguage, type Language } from "./languages";

/** The page's language; an address under a language the site does not show (or has switched off) is not found. */
export async function pageLanguage(params: Promise<{ locale: string }>): Promise<Language> {
  const { locale } = await params;
  if (!isLanguage(locale) || !shownLanguages().includes(locale)) notFound();
  return locale;
}

/** One set of static pages per language shown (content/clinic.md's languages). */
export function languageParams(): { locale: Language }[] {
  return shownLanguages().map((locale) => ({ locale }));
}

