import { describe, expect, it } from "vitest";
import { checkCronAuthorization } from "@/lib/cron";

const SECRET = "0123456789abcdef0123456789abcdef";

describe("who may run a delivery pass over HTTP", () => {
  it("nobody, when no CRON_SECRET is set: the route does not exist", () => {
    expect(checkCronAuthorization(`Bearer ${SECRET}`, undefined)).toBe("no-such-route");
  });

  it("a scheduler that presents the secret as a bearer token", () => {
    expect(checkCronAuthorization(`Bearer ${SECRET}`, SECRET)).toBe("allowed");
    expect(checkCronAuthorization(`bearer ${SECRET}`, SECRET)).toBe("allowed");
  });

  it.each([
    ["no header", null],
    ["an empty token", "Bearer "],
    ["a wrong token", `Bearer ${SECRET.replace("0", "1")}`],
    ["the secret's first half", `Bearer ${SECRET.slice(0, 16)}`],
    ["the secret without the Bearer scheme", SECRET],
    ["the secret with more after it", `Bearer ${SECRET}x`],
  ])("nobody with %s", (_what, header) => {
    expect(checkCronAuthorization(header, SECRET)).toBe("refused");
  });
});
