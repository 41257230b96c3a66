// Handling a consultation request from the booking form: validate it with the one schema, send it to the clinic,
// and answer with what the form shows next. Patron mistakes are values (field errors), never exceptions.
import { z } from "zod";
import { getClinic } from "../clinic";
import { sendBookingEmail } from "../mail/booking-email";
import { describeRequest } from "./describe";
import { guardBooking } from "./guard";
import { newReference } from "./reference";
import { BOOKING_FIELDS } from "./rules";
import { consultationRequestSchema } from "./schema";
import type { BookingErrors, BookingState, BookingValues } from "./state";

/** The form's own fields as typed; anything else posted (or a file in place of text) is ignored. */
function readValues(formData: FormData): BookingValues {
  const values: BookingValues = {};
  for (const field of BOOKING_FIELDS) {
    const value = formData.get(field);
    if (typeof value === "string") values[field] = value;
  }
  return values;
}

function firstErrors(error: z.ZodError): BookingErrors {
  const errors: BookingErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as keyof BookingErrors;
    errors[field] ??= issue.message;
  }
  return errors;
}

export async function submitConsultationRequest(formData: FormData): Promise<BookingState> {
  const values = readValues(formData);
  const guard = await guardBooking(formData);
  if (guard.refusal) return { status: "editing", values, errors: {}, message: guard.refusal };
  const receivedAt = new Date();
  const parsed = consultationRequestSchema(receivedAt).safeParse(values);
  if (!parsed.success) {
    return { status: "editing", values, errors: firstErrors(parsed.error) };
  }

  const reference = newReference();
  if (guard.silentlyDrop) return { status: "received", receipt: describeRequest(parsed.data, reference) };
  try {
    await sendBookingEmail(parsed.data, reference, receivedAt);
  } catch (error) {
    // The reason for the failure, never the patron's details.
    console.error(`[booking] ${reference}: the clinic's email could not be sent: ${(error as Error).message}`);
    const { phoneDisplay } = getClinic();
    return {
      status: "editing",
      values,
      errors: {},
      message:
        `Sorry, we could not send your request just now. Please try again in a few minutes, ` +
        `or call the clinic on ${phoneDisplay}.`,
    };
  }
  return { status: "received", receipt: describeRequest(parsed.data, reference) };
}
