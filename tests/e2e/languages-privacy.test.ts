// The privacy notice in Kannada and Hindi, as a patron gets it from the production build: the translation itself in
// the page's language (no English article inside the frame), saying that the English notice prevails, of the same
// version and date as /privacy, with this server's retention; and the booking form's consent box opens it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSite, type RunningSite } from "../support/site";

const NOTICES = {
  kn: { tag: "kn-IN", heading: "ಗೌಪ್ಯತಾ ಸೂಚನೆ", prevails: "ಇಂಗ್ಲಿಷ್ ಸೂಚನೆಯೇ ಮಾನ್ಯ", version: /ಆವೃತ್ತಿ (\S+),/, days: "45 ದಿನಗಳ" },
  hi: { tag: "hi-IN", heading: "गोपनीयता सूचना", prevails: "अंग्रेज़ी सूचना ही मान्य होगी", version: /संस्करण (\S+),/, days: "45 दिन" },
} as const;

let site: RunningSite;
let english: string;

beforeAll(async () => {
  // Not the default (30): the translation must show what this server is configured with, as English's does.
  site = await startSite({ RETENTION_DAYS: "45" });
  english = await page("/privacy");
});

afterAll(async () => {
  await site?.stop();
});

async function page(path: string): Promise<string> {
  const response = await fetch(`${site.url}${path}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The text of some HTML, on one line. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&[a-z#0-9]+;/g, " ").replace(/\s+/g, " ");
/** The notice's version and the date of that version, as the page's header gives them. */
const versionLine = (html: string) => /<p class="posted">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? "";

describe("the privacy notice in each language", () => {
  it("is English's at /privacy, of a version the translations must carry", () => {
    expect(textOf(versionLine(english))).toMatch(/^Version \S+, updated on /);
  });

  for (const [language, notice] of Object.entries(NOTICES)) {
    it(`/${language}/privacy: the ${notice.tag} translation, saying English's prevails, of English's version and date`, async () => {
      const html = await page(`/${language}/privacy`);
      expect(html).toMatch(new RegExp(`<html lang="${notice.tag}"`));
      expect(html).toMatch(new RegExp(`<h1[^>]*>${notice.heading}</h1>`));
      // The notice is the page's own language now, not English's text inside the frame.
      expect(html).not.toMatch(/<article[^>]*\slang="en/);
      const text = textOf(/<article[\s\S]*<\/article>/.exec(html)?.[0] ?? "");
      expect(text).toContain(notice.prevails);
      expect(html).toMatch(/<a href="\/privacy">[^<]+<\/a>/);

      const line = versionLine(html);
      expect(notice.version.exec(textOf(line))?.[1]).toBe(/Version (\S+),/.exec(textOf(versionLine(english)))?.[1]);
      const dateOf = (header: string) => /<time datetime="([\d-]+)">([^<]*)<\/time>/i.exec(header);
      expect(dateOf(line)?.[1]).toBe(dateOf(versionLine(english))?.[1]);
      // The date in the language (its month's name), with Latin digits.
      expect(dateOf(line)?.[2]).toMatch(/^[^A-Za-z]*\d{4}[^A-Za-z]*$/);

      expect(text).toContain(notice.days);
      expect(text).not.toMatch(/\{\{|\}\}/);
    });

    it(`/${language}/book: the consent box's link opens the ${notice.tag} notice`, async () => {
      const html = await page(`/${language}/book`);
      const consent = /<label[^>]*for="consent"[^>]*>([\s\S]*?)<\/label>/.exec(html)?.[1] ?? "";
      expect(consent).toContain(`href="/${language}/privacy"`);
    });
  }
});
