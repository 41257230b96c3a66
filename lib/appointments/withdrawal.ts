// Withdrawing consent, from the patron's link or by staff (`npm run outbox -- erase`): a consultation still to happen
// is cancelled as a patron's cancellation is, the patron's details are erased at once (only the reference, the dates
// and the states remain), the clinic is told, and the patron gets an acknowledgement, whose address the outbox keeps,
// encrypted, only until it is sent.
import { requestedStart } from "../booking/describe";
import { DEFAULT_LANGUAGE, pathIn, type Language } from "../i18n/languages";
import { getLinkKeys, LINK_PAGES, verifyLink } from "../links";
import { getStore } from "../store";
import type { NewEmail } from "../store/clinic-store";
import { applyChange, type Appointment } from "./states";

export type ErasureResult =
  | { status: "erased"; reference: string; cancelled: boolean }
  | { status: "already-erased"; reference: string }
  | { status: "not-found" };

/** How often to read again when another change slips in between the read and the erasure. */
const TRIES = 5;

export async function withdrawConsent(reference: string, by: "patron" | "staff", now: Date): Promise<ErasureResult> {
  const store = await getStore();
  for (let attempt = 0; attempt < TRIES; attempt += 1) {
    const stored = await store.findRequest(reference);
    if (!stored) return { status: "not-found" };
    if (!stored.request) return { status: "already-erased", reference };
    const before = stored.appointment;
    const outcome = applyChange(before, { type: "withdraw", by }, now);
    if (!outcome.done) throw new Error(`withdrawing consent was refused: ${outcome.refusal}`);
    const { fullName, email, mode } = stored.request;
    const cancelled = outcome.appointment.state !== before.state;
    // The time calendars have the event at: the agreed, proposed or held one, or the start of the window asked for.
    const startsAt = before.startsAt ?? requestedStart(stored.request);
    const emails: NewEmail[] = outcome.emails.map(({ kind, recipient, dueAt }) => ({
      kind,
      recipient,
      dueAt,
      details: {
        startsAt: startsAt.getTime(),
        sequence: outcome.appointment.sequence,
        by,
        ...(cancelled ? { cancelledFrom: before.state } : {}),
        // Only the patron's own acknowledgement needs to know where to go.
        ...(recipient === "patron" ? { patron: { fullName, email, mode }, language: stored.language } : {}),
      },
    }));
    if (await store.eraseRequest(reference, before.sequence, outcome.appointment, emails, by, now)) {
      return { status: "erased", reference, cancelled };
    }
  }
  throw new Error(`${reference} kept changing while its details were being erased: try again`);
}

/** What the page a withdrawal link opens shows: the request as it stands, or that its details are already gone. */
export type WithdrawalPage =
  | { found: true; reference: string; erased: false; appointment: Appointment }
  | { found: true; reference: string; erased: true }
  | { found: false };

/** Reads the request a withdrawal link names; proxy.ts has already answered a forged or expired one. */
export async function openWithdrawalPage(token: string, now: Date): Promise<WithdrawalPage> {
  const check = verifyLink(getLinkKeys(), token, "withdraw", now);
  if (!check.valid) return { found: false };
  const stored = await (await getStore()).findRequest(check.reference);
  if (!stored) return { found: false };
  return stored.request
    ? { found: true, reference: check.reference, erased: false, appointment: stored.appointment }
    : { found: true, reference: check.reference, erased: true };
}

/** The withdrawal page's POST: withdraws and erases, then says where to show the outcome, in the page's `language`. */
export async function withdrawFromLink(token: string, now: Date, language: Language = DEFAULT_LANGUAGE): Promise<{ showPage: string }> {
  const page = `${pathIn(language, LINK_PAGES.withdraw)}/${token}`;
  const check = verifyLink(getLinkKeys(), token, "withdraw", now);
  if (!check.valid) return { showPage: page };
  try {
    const result = await withdrawConsent(check.reference, "patron", now);
    return { showPage: result.status === "not-found" ? page : `${page}?done=withdrawn` };
  } catch (error) {
    console.error(`[privacy] consent could not be withdrawn: ${(error as Error).message}`);
    return { showPage: `${page}?done=failed` };
  }
}
