// What stands between the booking form and abuse: bots are dropped silently (they see the usual receipt, the clinic
// gets nothing), and one client address may send only so many requests in a window before it is asked to call.
// The window is counted in the store (lib/store), under a salted hash of the address.
import { DEFAULT_LANGUAGE, type Language } from "../i18n/languages";
import { translator } from "../i18n/messages";
import { getClinic } from "../clinic";
import { getConfig } from "../config";
import { getStore } from "../store";
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

/**
 * `forwardedFor` is the request's X-Forwarded-For header, which Next.js sets from the connection. The limit is counted
 * in the store, so every server sharing it allows together what one would.
 */
export async function guardBooking(formData: FormData, forwardedFor: string | null, now: Date, language: Language = DEFAULT_LANGUAGE): Promise<GuardVerdict> {
  const { bookingLimit, bookingMinSeconds, trustedProxy } = getConfig();
  if (bookingLimit) {
    const address = clientAddress(forwardedFor, trustedProxy);
    const store = await getStore();
    if (!(await store.allowBookingAttempt(address, now, bookingLimit))) {
      const minutes = Math.ceil(bookingLimit.seconds / 60);
      return {
        silentlyDrop: false,
        refusal: translator(language)("booking.refusals.tooMany", { minutes, phone: getClinic().phoneDisplay }),
      };
    }
  }
  return { silentlyDrop: looksLikeABot(formData, now.getTime(), bookingMinSeconds) };
}
