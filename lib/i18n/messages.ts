// The site's words in each language (messages/<code>.json, ICU message format), through one translator for pages,
// the booking form's props, the schema's messages and emails alike. A message missing at run time is a fault, not a
// patron's problem: tests/unit/messages.test.ts keeps every language's keys and placeholders the same as English's.
import { createTranslator } from "use-intl/core";
import en from "@/messages/en.json";
import hi from "@/messages/hi.json";
import kn from "@/messages/kn.json";
import { LANGUAGE_TAGS, type Language } from "./languages";

export type Messages = typeof en;

export const MESSAGES: Record<Language, Messages> = { en, kn, hi };

/** A translator for `language`: `t("home.heading")`, with ICU placeholders and plurals. */
export function translator(language: Language) {
  return createTranslator({
    locale: LANGUAGE_TAGS[language],
    messages: MESSAGES[language],
    onError: (error) => {
      throw error;
    },
  });
}

export type Translator = ReturnType<typeof translator>;
