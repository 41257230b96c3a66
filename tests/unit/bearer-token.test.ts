import { describe, expect, it } from "vitest";
import { checkBearerToken } from "@/lib/bearer-token";

const SECRET = "0123456789abcdef0123456789abcdef";

describe("who may call the routes for the clinic's own machines (a delivery pass, the metrics)", () => {
  it("nobody, when no secret is set (CRON_SECRET, METRICS_TOKEN): the route does not exist", () => {
    expect(checkBearerToken(`Bearer ${SECRET}`, undefined)).toBe("no-such-route");
  });

  it("a scheduler or monitor that presents the secret as a bearer token", () => {
    expect(checkBearerToken(`Bearer ${SECRET}`, SECRET)).toBe("allowed");
    expect(checkBearerToken(`bearer ${SECRET}`, SECRET)).toBe("allowed");
  });

  it.each([
    ["no header", null],
    ["an empty token", "Bearer "],
    ["a wrong token", `Bearer ${SECRET.replace("0", "1")}`],
    ["the secret's first half", `Bearer ${SECRET.slice(0, 16)}`],
    ["the secret without the Bearer scheme", SECRET],
    ["the secret with more after it", `Bearer ${SECRET}x`],
  ])("nobody with %s", (_what, header) => {
    expect(checkBearerToken(header, SECRET)).toBe("refused");
  });
});
