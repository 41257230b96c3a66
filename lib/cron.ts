// Who may run a delivery pass over HTTP (GET /api/cron/deliver), for hosts where no server process lives long enough
// to run the delivery loop: a scheduler that presents CRON_SECRET as a bearer token.
import { createHash, timingSafeEqual } from "node:crypto";

export type CronVerdict = "no-such-route" | "refused" | "allowed";

export function checkCronAuthorization(authorization: string | null, cronSecret: string | undefined): CronVerdict {
  if (!cronSecret) return "no-such-route";
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] ?? "";
  // Digests have one length whatever was sent, so the comparison takes the same time for every wrong token.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(cronSecret)) ? "allowed" : "refused";
}
