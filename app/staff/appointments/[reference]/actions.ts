"use server";
import { redirect } from "next/navigation";
import { after } from "next/server";
import type { ActionFormState } from "@/lib/appointments/form-choices";
import { actAsSignedInStaff } from "@/lib/appointments/link-pages";
import { getClinic } from "@/lib/clinic";
import { deliverSoon } from "@/lib/delivery";
import { staffForAction } from "../../staff-session";

/** The email page's forms, posted from the staff area: the session allows them instead of the link. */
export async function actOnAppointment(_previous: ActionFormState, formData: FormData): Promise<ActionFormState> {
  const now = new Date();
  const { member } = await staffForAction(now);
  const reference = String(formData.get("token") ?? "");
  const outcome = await actAsSignedInStaff(reference, `/staff/appointments/${encodeURIComponent(reference)}`, formData, getClinic().phoneDisplay, now, member.id);
  if ("state" in outcome) return outcome.state;
  after(deliverSoon);
  redirect(outcome.showPage);
}
