// What stands between the booking form and abuse: bots are dropped silently (they see the usual receipt, the clinic
// gets nothing), and one client address may send only so many requests in a window before it is asked to call.
import { getClinic } from "../clinic";
import { getConfig } from "../config";
import { HONEYPOT_FIELD, RENDERED_AT_FIELD } from "./bot-fields";

export interface GuardVerdict {
  /** Shown to the person instead of sending their request. */
  refusal?: string;
  /** A bot: answer as if the request were sent, and send nothing. */
  silentlyDrop: boolean;
}

/** A filled honeypot, or a form submitted sooner than a person could (or with no render time at all). */
export function looksLikeABot(formData: FormData, now: number, minSeconds: number): boolean {
  const honeypot = formData.get(HONEYPOT_FIELD);
  if (honeypot !== null && honeypot !== "") return true;
  const renderedAt = Number(formData.get(RENDERED_AT_FIELD));
  if (!Number.isFinite(renderedAt) || renderedAt <= 0) return true;
  return now - renderedAt < minSeconds * 1000;
}

/**
 * The client's address. Behind a trusted proxy, the last X-Forwarded-For entry (the one the proxy added); otherwise
 * the header as Next.js sets it from the connection.
 */
export function clientAddress(forwardedFor: string | null, trustedProxy: boolean): string {
  const entries = (forwardedFor ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return "unknown";
  return trustedProxy ? entries[entries.length - 1] : entries.join(",");
}

/** A sliding window of request times per client address, in this server's memory. */
export class RateLimiter {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly requests: number,
    private readonly seconds: number,
  ) {}

  /** Counts this request and says whether it is within the limit. */
  allow(address: string, now: number): boolean {
    const since = now - this.seconds * 1000;
    // Bound memory when many addresses come and go: forget those with nothing in the window.
    if (this.seen.size > 10_000) {
      for (const [key, times] of this.seen) if (times.every((time) => time <= since)) this.seen.delete(key);
    }
    const times = (this.seen.get(address) ?? []).filter((time) => time > since);
    times.push(now);
    this.seen.set(address, times);
    return times.length <= this.requests;
  }
}

let limiter: RateLimiter | undefined;

/** `forwardedFor` is the request's X-Forwarded-For header, which Next.js sets from the connection. */
export function guardBooking(formData: FormData, forwardedFor: string | null, now = Date.now()): GuardVerdict {
  const { bookingLimit, bookingMinSeconds, trustedProxy } = getConfig();
  if (bookingLimit) {
    limiter ??= new RateLimiter(bookingLimit.requests, bookingLimit.seconds);
    const address = clientAddress(forwardedFor, trustedProxy);
    if (!limiter.allow(address, now)) {
      const minutes = Math.ceil(bookingLimit.seconds / 60);
      return {
        silentlyDrop: false,
        refusal:
          `We have received several requests from your connection in the last ${minutes} minutes, so we cannot take ` +
          `another one just now. Please call the clinic on ${getClinic().phoneDisplay}, or try again later.`,
      };
    }
  }
  return { silentlyDrop: looksLikeABot(formData, now, bookingMinSeconds) };
}
