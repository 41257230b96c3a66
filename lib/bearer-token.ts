// Who may call the routes meant for the clinic's own machines, not for patrons: a scheduler running a delivery pass
// (GET /api/cron/deliver, CRON_SECRET) and a monitoring server reading the metrics (GET /api/metrics, METRICS_TOKEN).
// Each presents its secret as a bearer token; without the secret configured, the route does not exist.
import { createHash, timingSafeEqual } from "node:crypto";

export type BearerVerdict = "no-such-route" | "refused" | "allowed";

export function checkBearerToken(authorization: string | null, secret: string | undefined): BearerVerdict {
  if (!secret) return "no-such-route";
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] ?? "";
  // Digests have one length whatever was sent, so the comparison takes the same time for every wrong token.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(secret)) ? "allowed" : "refused";
}
