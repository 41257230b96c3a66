import { shownLanguages } from "@/lib/clinic";
import { translator } from "@/lib/i18n/messages";
import { LANGUAGE_NAMES, LANGUAGE_TAGS, pathIn, type Language } from "@/lib/i18n/languages";

/**
 * The same page in each language the site shows, each named in its own script and marked with its own language, so
 * a screen reader says "ಕನ್ನಡ" in Kannada. Plain links, rendered on the server: it adds no JavaScript to the page.
 */
export function LanguageSwitcher({
  language,
  languages,
  path,
  label,
}: {
  language: Language;
  languages: Language[];
  /** The page's address in English, such as "/articles". */
  path: string;
  label: string;
}) {
  if (languages.length < 2) return null;
  return (
    <nav aria-label={label} className="languages">
      <ul>
        {languages.map((other) => (
          <li key={other}>
            <a
              href={pathIn(other, path)}
              lang={LANGUAGE_TAGS[other]}
              hrefLang={LANGUAGE_TAGS[other]}
              aria-current={other === language ? "page" : undefined}
            >
              {LANGUAGE_NAMES[other]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The switcher for a page of the site, in the languages content/clinic.md shows. */
export function PageLanguages({ language, path }: { language: Language; path: string }) {
  return (
    <LanguageSwitcher
      language={language}
      languages={shownLanguages()}
      path={path}
      label={translator(language)("languages.label")}
    />
  );
}
