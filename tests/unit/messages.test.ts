import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { appointmentDateIn, clockTimeIn, hoursLinesIn, postedDateIn } from "@/lib/i18n/dates";
import { LANGUAGES, languageOfPath, pathIn } from "@/lib/i18n/languages";
import { MESSAGES, translator } from "@/lib/i18n/messages";
import { getClinic } from "@/lib/clinic";

type Tree = { [key: string]: string | Tree };

/** Every message's key ("home.lead") and text. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") flat.set(prefix + key, value);
    else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) flat.set(inner, text);
  }
  return flat;
}

/** The placeholders ("{phone}") and tags ("<call>") a message uses, plural and select branches included. */
function placeholders(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.tag) {
      found.add(`<${element.value}>`);
      placeholders(element.children, found);
    } else if (element.type === TYPE.plural || element.type === TYPE.select) {
      found.add(`{${element.value}}`);
      for (const option of Object.values(element.options)) placeholders(option.value, found);
    } else if (element.type !== TYPE.literal && element.type !== TYPE.pound) {
      found.add(`{${element.value}}`);
    }
  }
  return found;
}

const english = flatten(MESSAGES.en);

describe("the messages of every language", () => {
  for (const language of LANGUAGES.filter((other) => other !== "en")) {
    const theirs = flatten(MESSAGES[language]);

    it(`has every English message in ${language}, and none English lacks`, () => {
      expect([...english.keys()].filter((key) => !theirs.has(key))).toEqual([]);
      expect([...theirs.keys()].filter((key) => !english.has(key))).toEqual([]);
    });

    it(`uses the same placeholders and tags as English in ${language}`, () => {
      const different = [...english].flatMap(([key, text]) => {
        const expected = [...placeholders(parse(text))].sort();
        const actual = [...placeholders(parse(theirs.get(key) ?? ""))].sort();
        return expected.join() === actual.join() ? [] : [{ key, expected, actual }];
      });
      expect(different).toEqual([]);
    });

    it(`is not left in English in ${language}`, () => {
      // A message may keep an English word (a placeholder's name, "AM"), not a whole English sentence.
      const untranslated = [...english].filter(([key, text]) => /[a-z]{3,} [a-z]{3,}/i.test(text) && theirs.get(key) === text);
      expect(untranslated.map(([key]) => key)).toEqual([]);
    });
  }

  it("finds a placeholder a translation dropped", () => {
    expect([...placeholders(parse("Call <call>{phone}</call>"))].sort()).toEqual(["<call>", "{phone}"]);
    expect([...placeholders(parse("{count, plural, one {# day} other {# days in {month}}}"))].sort()).toEqual([
      "{count}",
      "{month}",
    ]);
  });
});

describe("addresses in each language", () => {
  it("keeps English at the site's root and puts the others under their prefix", () => {
    expect(pathIn("en", "/book")).toBe("/book");
    expect(pathIn("kn", "/")).toBe("/kn");
    expect(pathIn("hi", "/articles/x")).toBe("/hi/articles/x");
    expect(languageOfPath("/kn/book")).toEqual({ language: "kn", path: "/book" });
    expect(languageOfPath("/kn")).toEqual({ language: "kn", path: "/" });
    expect(languageOfPath("/book")).toEqual({ language: "en", path: "/book" });
    expect(languageOfPath("/knowledge")).toEqual({ language: "en", path: "/knowledge" });
  });
});

describe("dates and times in each language", () => {
  it("writes Kannada and Hindi names with Latin digits, in India time", () => {
    expect(appointmentDateIn("kn", "2026-12-07")).toBe("ಸೋಮವಾರ, ಡಿಸೆಂಬರ್ 7, 2026");
    expect(appointmentDateIn("hi", "2026-12-07")).toBe("सोमवार, 7 दिसंबर 2026");
    expect(postedDateIn("hi", "2022-09-02")).toBe("2 सितंबर 2022");
    expect(clockTimeIn("hi", "19:00")).toMatch(/^7:00/);
    expect(clockTimeIn("kn", "11:20")).toMatch(/^11:20/);
  });

  it("keeps the clinic's English forms in English", () => {
    expect(appointmentDateIn("en", "2026-12-07")).toBe("Monday, 7 Dec 2026");
    expect(postedDateIn("en", "2022-09-02")).toBe("Sep 02, 2022");
  });

  it("names the week's hours in the language", () => {
    const lines = hoursLinesIn("hi", translator("hi"), getClinic().hours);
    expect(lines[0].days).toBe("सोमवार से शनिवार तक");
    expect(lines[1]).toEqual({ days: "रविवार", times: null });
  });
});
