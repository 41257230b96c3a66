"use server";
import { redirect } from "next/navigation";
import { after } from "next/server";
import type { ActionFormState } from "@/lib/appointments/form-choices";
import { actAsPatron } from "@/lib/appointments/link-pages";
import { getClinic } from "@/lib/clinic";
import { deliverSoon } from "@/lib/delivery";

export async function actOnAppointment(_previous: ActionFormState, formData: FormData): Promise<ActionFormState> {
  const token = String(formData.get("token") ?? "");
  const outcome = await actAsPatron(token, formData, getClinic().phoneDisplay, new Date());
  if ("state" in outcome) return outcome.state;
  after(deliverSoon);
  redirect(outcome.showPage);
}
