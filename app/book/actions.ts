"use server";
import { submitConsultationRequest } from "@/lib/booking/submit";
import type { BookingState } from "@/lib/booking/state";

export async function requestConsultation(_previous: BookingState, formData: FormData): Promise<BookingState> {
  return submitConsultationRequest(formData);
}
