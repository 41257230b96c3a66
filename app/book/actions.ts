"use server";
import { headers } from "next/headers";
import { after } from "next/server";
import { submitConsultationRequest } from "@/lib/booking/submit";
import type { BookingState } from "@/lib/booking/state";
import { deliverSoon } from "@/lib/delivery";

export async function requestConsultation(_previous: BookingState, formData: FormData): Promise<BookingState> {
  const state = await submitConsultationRequest(formData, (await headers()).get("x-forwarded-for"), new Date());
  // The patron has their answer; the emails go out after it is sent.
  if (state.status === "received") after(deliverSoon);
  return state;
}
