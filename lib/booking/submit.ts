// Handling a consultation request from the booking form: validate it with the one schema, store it, and answer with
// what the form shows next; the delivery loop (lib/delivery.ts) sends the emails. Patron mistakes are values.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getClinic } from "../clinic";
import { describeRequest } from "./describe";
import { guardBooking } from "./guard";
import { newReference } from "./reference";
import { REQUEST_EMAILS } from "../mail/outbox-email";
import { getPrivacyNotice } from "../privacy/notice";
import { getStore } from "../store";
import { REQUEST_KEY_FIELD } from "./rules";
import { consultationRequestSchema } from "./schema";
import { bookingValuesFrom, type BookingErrors, type BookingState } from "./state";

function firstErrors(error: z.ZodError): BookingErrors {
  const errors: BookingErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as keyof BookingErrors;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** The form's one-time key, or a fresh one when a script posted none (it then cannot be deduplicated). */
function readRequestKey(formData: FormData): string {
  const key = formData.get(REQUEST_KEY_FIELD);
  return typeof key === "string" && /^[A-Za-z0-9-]{16,64}$/.test(key) ? key : randomUUID();
}

/**
 * Validates a request and stores it, with the two emails it causes, before answering: once this returns "received",
 * the request survives a crash and the delivery loop will send both. The same form posted twice gets the first
 * answer again.
 */
export async function submitConsultationRequest(
  formData: FormData,
  forwardedFor: string | null,
  receivedAt: Date,
): Promise<BookingState> {
  const values = bookingValuesFrom(formData);
  const parsed = consultationRequestSchema(receivedAt).safeParse(values);
  if (!parsed.success) {
    return { status: "editing", values, errors: firstErrors(parsed.error) };
  }

  try {
    // Checked once the answers are valid, so that a person correcting mistakes does not use up their requests.
    const guard = await guardBooking(formData, forwardedFor, receivedAt);
    if (guard.refusal) return { status: "editing", values, errors: {}, message: guard.refusal };
    // A bot sees what a person would, so it learns nothing; its request is neither stored nor sent.
    if (guard.silentlyDrop) return { status: "received", receipt: describeRequest(parsed.data, newReference()) };
    const store = await getStore();
    const { stored } = await store.addRequest(
      {
        reference: newReference(),
        requestKey: readRequestKey(formData),
        request: parsed.data,
        receivedAt,
        // The box the patron ticked agrees to the notice this server shows at /privacy.
        consent: { version: getPrivacyNotice().version, givenAt: receivedAt },
      },
      REQUEST_EMAILS,
    );
    return { status: "received", receipt: describeRequest(stored.request ?? parsed.data, stored.reference) };
  } catch (error) {
    // The reason for the failure, never the patron's details. The transaction wrote all or nothing.
    console.error(`[booking] a request could not be stored: ${(error as Error).message}`);
    const { phoneDisplay } = getClinic();
    return {
      status: "editing",
      values,
      errors: {},
      message:
        `Sorry, we could not take your request just now. Please try again in a few minutes, ` +
        `or call the clinic on ${phoneDisplay}.`,
    };
  }
}
