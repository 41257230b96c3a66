"use server";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { deliverSoon } from "@/lib/delivery";
import { readLanguage } from "@/lib/appointments/forms";
import { withdrawFromLink } from "@/lib/appointments/withdrawal";

export async function withdrawConsentAction(formData: FormData): Promise<void> {
  const { showPage } = await withdrawFromLink(String(formData.get("token") ?? ""), new Date(), readLanguage(formData));
  // The acknowledgement goes out with the pass after this answer, not with the next turn of the loop.
  after(deliverSoon);
  redirect(showPage);
}
