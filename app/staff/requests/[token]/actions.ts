"use server";
import { redirect } from "next/navigation";
import { after } from "next/server";
import type { ActionFormState } from "@/lib/appointments/form-choices";
import { actAsStaff } from "@/lib/appointments/link-pages";
import { getClinic } from "@/lib/clinic";
import { deliverSoon } from "@/lib/delivery";

export async function actOnRequest(_previous: ActionFormState, formData: FormData): Promise<ActionFormState> {
  const token = String(formData.get("token") ?? "");
  const outcome = await actAsStaff(token, formData, getClinic().phoneDisplay, new Date());
  if ("state" in outcome) return outcome.state;
  // The emails the change caused go out after the answer; the page then shows where the request stands.
  after(deliverSoon);
  redirect(outcome.showPage);
}
