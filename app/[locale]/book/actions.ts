"use server";
import { headers } from "next/headers";
import { after } from "next/server";
import { submitConsultationRequest } from "@/lib/booking/submit";
import type { BookingState } from "@/lib/booking/state";
import { deliverSoon } from "@/lib/delivery";
import { DEFAULT_LANGUAGE, isLanguage } from "@/lib/i18n/languages";
import { recordBookingAnswer } from "@/lib/metrics";

/** The booking form's action, bound to the page's language (a posted language that is none is English). */
export async function requestConsultation(language: string, _previous: BookingState, formData: FormData): Promise<BookingState> {
  const started = performance.now();
  const answerIn = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  const state = await submitConsultationRequest(formData, (await headers()).get("x-forwarded-for"), new Date(), answerIn);
  // Stored, or the form back with what to change (or the day's free times).
  recordBookingAnswer(state.status === "received" ? "received" : "form returned", (performance.now() - started) / 1000);
  // The patron has their answer; the emails go out after it is sent.
  if (state.status === "received") after(deliverSoon);
  return state;
}
