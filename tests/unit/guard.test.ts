import { describe, expect, it } from "vitest";
import { clientAddress, looksLikeABot } from "@/lib/booking/guard";

const NOW = Date.UTC(2026, 10, 25, 6, 0, 0);

function form(fields: Record<string, string>): FormData {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.set(name, value);
  return formData;
}

describe("telling bots from people", () => {
  it("lets through a person who took longer than the minimum and left the hidden field empty", () => {
    expect(looksLikeABot(form({ renderedAt: String(NOW - 20_000), website: "" }), NOW, 3)).toBe(false);
  });

  it("catches a bot that fills the hidden website field", () => {
    expect(looksLikeABot(form({ renderedAt: String(NOW - 20_000), website: "https://spam.test" }), NOW, 3)).toBe(true);
  });

  it("catches a form sent sooner after it was shown than a person could fill it", () => {
    expect(looksLikeABot(form({ renderedAt: String(NOW - 2_999) }), NOW, 3)).toBe(true);
    expect(looksLikeABot(form({ renderedAt: String(NOW - 3_000) }), NOW, 3)).toBe(false);
  });

  it.each([["missing", undefined], ["not a number", "yesterday"], ["zero", "0"]])(
    "catches a post whose render time is %s",
    (_what, renderedAt) => {
      expect(looksLikeABot(form(renderedAt === undefined ? {} : { renderedAt }), NOW, 3)).toBe(true);
    },
  );
});

describe("the client's address", () => {
  it("is the entry the trusted proxy added, not one the client wrote itself", () => {
    expect(clientAddress("6.6.6.6, 203.0.113.7", true)).toBe("203.0.113.7");
  });

  it("is not taken from the last X-Forwarded-For entry when no proxy is trusted", () => {
    expect(clientAddress("6.6.6.6, 203.0.113.7", false)).toBe("6.6.6.6,203.0.113.7");
    expect(clientAddress("127.0.0.1", false)).toBe("127.0.0.1");
  });
});
