// "Did you mean …?" for an address whose domain is one slip away from a domain most patrons use.
import { describe, expect, it } from "vitest";
import { COMMON_EMAIL_DOMAINS, keptAsTyped, suggestEmailAddress } from "@/lib/booking/email-typo";

describe("a mistyped email address", () => {
  const slips: [string, string][] = [
    ["asha@gmial.com", "asha@gmail.com"],
    ["asha@gmail.co", "asha@gmail.com"],
    ["asha@gmaill.com", "asha@gmail.com"],
    ["asha@yaho.com", "asha@yahoo.com"],
    ["asha@yahoo.co.n", "asha@yahoo.co.in"],
    ["asha@outlok.com", "asha@outlook.com"],
    ["asha@hotmial.com", "asha@hotmail.com"],
    ["asha@redifmail.com", "asha@rediffmail.com"],
    ["asha@icloud.con", "asha@icloud.com"],
  ];

  it.each(slips)("%s gets “did you mean %s”", (typed, meant) => {
    expect(suggestEmailAddress(typed)).toBe(meant);
  });

  it("covers every common domain, one slip of each kind", () => {
    for (const domain of COMMON_EMAIL_DOMAINS) {
      const swapped = domain[1] + domain[0] + domain.slice(2);
      const replaced = `x${domain.slice(1)}`;
      const dropped = domain.slice(0, -1);
      const doubled = domain[0] + domain;
      for (const slip of [swapped, replaced, dropped, doubled]) {
        expect(suggestEmailAddress(`ravi.k@${slip}`), slip).toBe(`ravi.k@${domain}`);
      }
    }
  });

  it("keeps what was typed before the @ as typed, whatever the domain's case", () => {
    expect(suggestEmailAddress("  Asha.Rao+skin@GMIAL.COM ")).toBe("Asha.Rao+skin@gmail.com");
  });

  it("says nothing of a common domain, another domain, a real one a slip away, or what is not an address", () => {
    for (const address of [
      "asha@gmail.com",
      "asha@GMAIL.COM",
      "asha@yahoo.co.in",
      "asha@drdivyasharma.com",
      "asha@example.org",
      "asha@gmail.org.in",
      "asha@ymail.com",
      "asha@mail.com",
      "gmial.com",
      "@gmial.com",
      "",
    ]) {
      expect(suggestEmailAddress(address), address).toBeUndefined();
    }
  });

  it("is kept as typed only when the address kept is the one asked about", () => {
    expect(keptAsTyped("asha@gmial.com", " ASHA@gmial.com")).toBe(true);
    expect(keptAsTyped("asha@gmial.com", "asha@gmal.com")).toBe(false);
    expect(keptAsTyped("asha@gmial.com", undefined)).toBe(false);
  });
});
