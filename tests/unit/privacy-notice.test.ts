import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getClinic, type ClinicSettings } from "@/lib/clinic";
import { ContentError } from "@/lib/content-file";
import {
  fillPrivacyNotice,
  getPrivacyNotice,
  PRIVACY_PLACEHOLDERS,
  readPrivacyNotice,
  readPrivacyNotices,
  type PrivacyNotice,
} from "@/lib/privacy/notice";

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const FRONTMATTER = `
title: Privacy notice
description: What the clinic does with your details.
version: "1"
updated: "2026-11-25"
`;

const BODY = `
Kept for {{retentionDays}} days. Write to {{clinicEmail}} or call {{clinicPhone}}.
Questions go to {{privacyContact}}.
`;

function noticeFile(frontmatter = FRONTMATTER, body = BODY): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-privacy-"));
  tempDirs.push(dir);
  const file = path.join(dir, "privacy.md");
  fs.writeFileSync(file, `---\n${frontmatter.trim()}\n---\n${body}`);
  return file;
}

/** The ContentError reading `file` throws; fails the test if it does not throw one. */
function refusal(file: string): string {
  try {
    readPrivacyNotice(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as Error).message;
  }
  throw new Error("expected the notice to be refused");
}

/** The visible text of some HTML, on one line. */
function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ");
}

const CLINIC = getClinic();

function filled(notice: PrivacyNotice, retentionDays = 30, privacyContact: ClinicSettings["privacyContact"] = null) {
  return fillPrivacyNotice(notice, { retentionDays, clinic: { ...CLINIC, privacyContact } });
}

describe("the clinic's privacy notice (content/privacy.md)", () => {
  const notice = getPrivacyNotice("en");
  const html = filled(notice, 45);
  const text = textOf(html);

  it("has a version and the date of that version", () => {
    expect(notice.version).toMatch(/^[A-Za-z0-9.-]+$/);
    expect(notice.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(notice.title).toBe("Privacy notice");
  });

  it("is read once and then kept, so asking for its version with every request costs nothing", () => {
    expect(getPrivacyNotice("en")).toBe(notice);
  });

  it("says how long details are kept with the retention it is given, and leaves no placeholder unfilled", () => {
    expect(text).toContain("45 days after the last email about your request was sent");
    expect(text).toContain("45 days after the time agreed for your consultation");
    expect(text).not.toContain("30 days");
    expect(html).not.toMatch(/\{\{|\}\}/);
    expect(textOf(filled(notice, 7))).toContain("7 days after the last email");
  });

  it.each([
    ["name", "your name"],
    ["mobile number", "your mobile number"],
    ["email", "your email address"],
    ["type of consultation", "the type of consultation you want"],
    ["preferred date and time", "your preferred date and time"],
    ["reason", "the reason for the consultation"],
  ])("names the %s among the details collected", (_detail, words) => {
    const list = html.slice(html.indexOf("The details we collect"), html.indexOf("Why we use them"));
    expect(textOf(list)).toContain(words);
  });

  it("says the reason for the consultation is health information", () => {
    expect(text).toMatch(/reason for the consultation[^.]*\. This is information about your health/);
  });

  it("gives the purpose: arranging and holding the consultation, and emailing the patron about it", () => {
    expect(text).toContain("Only to arrange and hold the tele or video consultation you asked for");
    expect(text).toContain("to email you about it");
  });

  it("names who receives the details: the clinic's staff and its mail provider", () => {
    expect(text).toContain("The clinic's staff");
    expect(text).toContain("The clinic's mail provider, which carries the emails");
  });

  it("says where they are kept, encrypted, naming no country or provider", () => {
    expect(text).toContain("In the clinic's booking database, on the server that runs this website");
    expect(text).toContain("encrypted (AES-256-GCM)");
  });

  it("says what stays once the details are erased", () => {
    expect(text).toContain("only the request's reference code, its dates and what happened to it");
    expect(text).toContain("kept for at least a year");
  });

  it.each([
    ["access", /\bsee\b the details we hold about you/],
    ["correction", /\bcorrect\b them/],
    ["erasure", /have them erased/],
    ["withdrawing consent, as easily as it was given", /withdraw your consent at any time, as easily as you gave it/],
    ["nomination", /nominate someone to use these rights for you if you die or cannot act yourself/],
    ["grievance redressal", /have a grievance heard/],
  ])("lists the right of %s", (_right, words) => {
    expect(text).toMatch(words);
  });

  it("says how to use them: the withdraw link in every email, or the clinic's email and phone", () => {
    expect(text).toContain('Every email the clinic sends you about your request has a link, "Withdraw consent and delete my details"');
    expect(html).toContain(`write to <a href="mailto:${CLINIC.email}">${CLINIC.email}</a>`);
    expect(html).toContain(`call <a href="tel:${CLINIC.phone}">${CLINIC.phoneDisplay}</a>`);
  });

  it("names the clinic's email and phone for grievances while no privacy contact is known", () => {
    expect(CLINIC.privacyContact).toBeNull();
    expect(html).toContain(
      `answered by the clinic, at <a href="mailto:${CLINIC.email}">${CLINIC.email}</a> or ` +
        `<a href="tel:${CLINIC.phone}">${CLINIC.phoneDisplay}</a>`,
    );
  });

  it("names the person who answers questions once the clinic has named them", () => {
    const withContact = filled(notice, 30, { name: "A. Person", email: "privacy@example.test" });
    expect(withContact).toContain(
      `answered by A. Person, at <a href="mailto:privacy@example.test">privacy@example.test</a> or ` +
        `<a href="tel:${CLINIC.phone}">${CLINIC.phoneDisplay}</a>`,
    );
    const withPhone = filled(notice, 30, { name: "A. Person", phone: "+918012345678" });
    expect(withPhone).toContain(`<a href="tel:+918012345678">+918012345678</a>`);
  });

  it("tells the patron they may complain to the Data Protection Board of India", () => {
    expect(text).toContain("you may complain to the Data Protection Board of India");
  });
});

describe("checking a notice", () => {
  it("accepts a notice with every placeholder, and fills each in", () => {
    const notice = readPrivacyNotice(noticeFile());
    expect(notice).toMatchObject({ version: "1", updated: "2026-11-25", title: "Privacy notice" });
    const html = filled(notice, 12);
    expect(html).toContain("Kept for 12 days.");
    expect(html).toContain(`<a href="mailto:${CLINIC.email}">`);
    expect(html).toContain("Questions go to the clinic, at");
  });

  it("accepts an unquoted date and a whole-number version as YAML writes them", () => {
    const notice = readPrivacyNotice(noticeFile(FRONTMATTER.replace('"1"', "2").replace('"2026-11-25"', "2026-12-01")));
    expect(notice.version).toBe("2");
    expect(notice.updated).toBe("2026-12-01");
  });

  it("accepts a month as the version", () => {
    expect(readPrivacyNotice(noticeFile(FRONTMATTER.replace('"1"', "2026-11"))).version).toBe("2026-11");
  });

  it.each([
    ["missing", FRONTMATTER.replace('version: "1"\n', ""), "version"],
    ["a number with a dot, which YAML would shorten", FRONTMATTER.replace('"1"', "1.10"), "version"],
    ["a sentence", FRONTMATTER.replace('"1"', '"the first one"'), "version"],
    ["too long", FRONTMATTER.replace('"1"', '"1234567890123456789012"'), "version"],
  ])("refuses a version that is %s, naming the file and the field", (_case, frontmatter, field) => {
    const message = refusal(noticeFile(frontmatter));
    expect(message).toContain("privacy.md");
    expect(message).toContain(`frontmatter field "${field}"`);
    expect(message).toContain('such as "1" or "2026-11"');
  });

  it.each([
    ["missing", FRONTMATTER.replace('updated: "2026-11-25"\n', "")],
    ["not a date", FRONTMATTER.replace('"2026-11-25"', '"last week"')],
    ["a day that does not exist", FRONTMATTER.replace('"2026-11-25"', '"2026-02-30"')],
  ])("refuses an updated date that is %s, naming the file and the field", (_case, frontmatter) => {
    const message = refusal(noticeFile(frontmatter));
    expect(message).toContain("privacy.md");
    expect(message).toContain('frontmatter field "updated"');
    expect(message).toContain("YYYY-MM-DD");
  });

  it("refuses a notice without a title or with a field it does not know", () => {
    expect(refusal(noticeFile(FRONTMATTER.replace("title: Privacy notice\n", "")))).toContain('frontmatter field "title"');
    expect(refusal(noticeFile(`${FRONTMATTER}\nauthor: someone`))).toContain("author");
  });

  it("refuses an unknown placeholder, listing the ones there are", () => {
    const message = refusal(noticeFile(FRONTMATTER, `${BODY}\nCall {{clinicMobile}}.`));
    expect(message).toContain("privacy.md: unknown placeholder {{clinicMobile}}");
    for (const name of Object.keys(PRIVACY_PLACEHOLDERS)) expect(message).toContain(`{{${name}}}`);
  });

  it.each(Object.keys(PRIVACY_PLACEHOLDERS))("refuses a notice that never says {{%s}}", (name) => {
    const message = refusal(noticeFile(FRONTMATTER, BODY.replace(`{{${name}}}`, "something")));
    expect(message).toContain(`privacy.md: the notice must say {{${name}}} somewhere`);
  });

  it("refuses a notice that does not say how long details are kept", () => {
    expect(refusal(noticeFile(FRONTMATTER, BODY.replace("{{retentionDays}}", "30")))).toContain("RETENTION_DAYS");
  });

  it("refuses a placeholder where it could not be filled in, such as a link's address", () => {
    const message = refusal(noticeFile(FRONTMATTER, `${BODY}\n[Write to us](mailto:{{clinicEmail}}).`));
    expect(message).toContain("{{clinicEmail}} can only be used in the text");
  });

  it("refuses an empty notice", () => {
    expect(refusal(noticeFile(FRONTMATTER, "\n  \n"))).toContain("privacy.md: the notice's text");
  });

  it("takes spaces inside the braces", () => {
    const notice = readPrivacyNotice(noticeFile(FRONTMATTER, BODY.replace("{{retentionDays}}", "{{ retentionDays }}")));
    expect(filled(notice, 9)).toContain("Kept for 9 days.");
  });

  it("removes raw HTML, as in articles", () => {
    const notice = readPrivacyNotice(noticeFile(FRONTMATTER, `${BODY}\n<script>alert(1)</script>\n\n<b onclick="x()">hi</b>`));
    expect(notice.html).not.toContain("<script");
    expect(notice.html).not.toContain("onclick");
  });

  it("escapes the privacy contact's name", () => {
    const notice = readPrivacyNotice(noticeFile());
    expect(filled(notice, 30, { name: "<b>Asha</b> & co" })).toContain("&lt;b&gt;Asha&lt;/b&gt; &amp; co, at");
  });

  it("refuses frontmatter written as JavaScript", () => {
    const file = noticeFile();
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^---\n/, "---js\n"));
    expect(refusal(file)).toContain("JavaScript");
  });
});

describe("the notice in Kannada and in Hindi (content/privacy.kn.md, content/privacy.hi.md)", () => {
  const english = getPrivacyNotice("en");
  it.each([
    ["kn", "ಗೌಪ್ಯತಾ ಸೂಚನೆ", "ಇಂಗ್ಲಿಷ್ ಸೂಚನೆಯೇ ಮಾನ್ಯ", "ಕ್ಲಿನಿಕ್ (", " ಅಥವಾ "],
    ["hi", "गोपनीयता सूचना", "अंग्रेज़ी सूचना ही मान्य होगी", "क्लिनिक (", " या "],
  ] as const)("%s: English's version and date, its own title, and says the English notice prevails", (language, title, prevails, clinic, or) => {
    const notice = getPrivacyNotice(language);
    expect(notice).toMatchObject({ language, version: english.version, updated: english.updated, title });
    const html = filled(notice, 45);
    expect(textOf(html)).toContain(prevails);
    // The sentence that it is a translation comes first, and links to the English notice.
    expect(html.indexOf('<a href="/privacy">')).toBeLessThan(html.indexOf("<h2"));
    expect(html).toContain("<strong>45 ");
    expect(html).not.toMatch(/\{\{|\}\}/);
    expect(html).toContain(
      `${clinic}<a href="mailto:${CLINIC.email}">${CLINIC.email}</a>${or}<a href="tel:${CLINIC.phone}">${CLINIC.phoneDisplay}</a>)`,
    );
  });
});

describe("checking the translations against the English notice", () => {
  const TRANSLATED = `
title: ಗೌಪ್ಯತಾ ಸೂಚನೆ
description: ಕ್ಲಿನಿಕ್ ನಿಮ್ಮ ವಿವರಗಳನ್ನು ಏನು ಮಾಡುತ್ತದೆ.
version: "1"
updated: "2026-11-25"
`;

  /** A content folder holding the English notice and the given translations, as content/ holds them. */
  function contentDir(translations: Partial<Record<"kn" | "hi", { frontmatter?: string; body?: string }>>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-privacy-languages-"));
    tempDirs.push(dir);
    fs.writeFileSync(path.join(dir, "privacy.md"), `---\n${FRONTMATTER.trim()}\n---\n${BODY}`);
    for (const [language, { frontmatter = TRANSLATED, body = BODY } = {}] of Object.entries(translations)) {
      fs.writeFileSync(path.join(dir, `privacy.${language}.md`), `---\n${frontmatter.trim()}\n---\n${body}`);
    }
    return dir;
  }

  /** The ContentError reading the notices of `languages` from `dir` throws; fails the test if it does not throw one. */
  function refusalOf(dir: string, languages: ("en" | "kn" | "hi")[] = ["en", "kn", "hi"]): string {
    try {
      readPrivacyNotices(languages, dir);
    } catch (error) {
      expect(error).toBeInstanceOf(ContentError);
      return (error as Error).message;
    }
    throw new Error("expected the notices to be refused");
  }

  it("accepts translations of English's version, date and placeholders, each kept with its language", () => {
    const notices = readPrivacyNotices(["en", "kn", "hi"], contentDir({ kn: {}, hi: {} }));
    expect(notices.en).toMatchObject({ language: "en", version: "1", title: "Privacy notice" });
    expect(notices.kn).toMatchObject({ language: "kn", version: "1", updated: "2026-11-25", title: "ಗೌಪ್ಯತಾ ಸೂಚನೆ" });
    expect(notices.hi?.language).toBe("hi");
  });

  it("refuses a translation behind the English version, naming the file and both versions", () => {
    const dir = contentDir({ kn: {}, hi: {} });
    fs.writeFileSync(path.join(dir, "privacy.md"), `---\n${FRONTMATTER.replace('"1"', '"2"').trim()}\n---\n${BODY}`);
    const message = refusalOf(dir);
    expect(message).toContain('privacy.kn.md is version "1" but');
    expect(message).toContain('privacy.md is version "2"');
    expect(message).toContain('privacy.hi.md is version "1"');
  });

  it("refuses a translation of the same version with another date, naming both dates", () => {
    const message = refusalOf(contentDir({ kn: {}, hi: { frontmatter: TRANSLATED.replace("2026-11-25", "2026-11-20") } }));
    expect(message).toContain('privacy.hi.md is updated "2026-11-20"');
    expect(message).toContain('version "1" is updated "2026-11-25"');
    expect(message).not.toContain("privacy.kn.md");
  });

  it("refuses a missing translation for a language the clinic shows, naming the file it needs", () => {
    const message = refusalOf(contentDir({ kn: {} }));
    expect(message).toContain("privacy.hi.md is missing: Hindi is in content/clinic.md's languages");
    expect(message).toContain('(version "1")');
  });

  it("needs no translation for a language the clinic has switched off", () => {
    const notices = readPrivacyNotices(["en", "kn"], contentDir({ kn: {} }));
    expect(Object.keys(notices).sort()).toEqual(["en", "kn"]);
  });

  it("refuses a translation that says a placeholder fewer times than English", () => {
    const english = `${BODY}\nAgain: {{retentionDays}} days.`;
    const dir = contentDir({ kn: {}, hi: { body: english } });
    fs.writeFileSync(path.join(dir, "privacy.md"), `---\n${FRONTMATTER.trim()}\n---\n${english}`);
    const message = refusalOf(dir);
    expect(message).toContain("privacy.kn.md says {{retentionDays}} once but");
    expect(message).toContain("privacy.md says it 2 times");
    expect(message).not.toContain("privacy.hi.md");
  });

  it("refuses a translation with a mistake of its own, naming its file", () => {
    const message = refusalOf(contentDir({ kn: { body: BODY.replace("{{clinicPhone}}", "{{clinicMobile}}") }, hi: {} }));
    expect(message).toContain("privacy.kn.md: unknown placeholder {{clinicMobile}}");
  });
});
