// A booking form as the browser posts it, for tests that call the action directly.
import { nextOpenDay } from "./dates";

export function bookingFormData(overrides: Record<string, string | undefined> = {}): FormData {
  const fields: Record<string, string | undefined> = {
    fullName: "Meera Iyer",
    mobile: "+91 99000 12345",
    email: "meera@example.test",
    mode: "tele",
    preferredDate: nextOpenDay(),
    timeWindow: "morning",
    reason: "Itchy rash on the forearms for two weeks.",
    consent: "yes",
    ...overrides,
  };
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) formData.set(name, value);
  }
  return formData;
}
