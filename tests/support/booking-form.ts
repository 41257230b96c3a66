// A booking form as the browser posts it, for tests that call the action directly.
import { VALID_BOOKING } from "./booking-http";
import { nextOpenDay } from "./dates";

export function bookingFormData(overrides: Record<string, string | undefined> = {}): FormData {
  const fields: Record<string, string | undefined> = {
    ...VALID_BOOKING,
    preferredDate: nextOpenDay(),
    // Rendered a minute ago, as a person's form would have been.
    renderedAt: String(Date.now() - 60_000),
    ...overrides,
  };
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) formData.set(name, value);
  }
  return formData;
}
