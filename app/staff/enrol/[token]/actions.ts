"use server";
// Creating a member's passkey from their one-time enrolment link: the options (a challenge kept on the server for
// this link), then the browser's answer, which uses the link up and signs them in. The link alone signs nobody in.
import { redirect } from "next/navigation";
import type { CeremonyEnd, CeremonyStart } from "@/lib/staff/ceremony";
import { enrolmentOptions, finishEnrolment } from "@/lib/staff/passkeys";
import { isToken } from "@/lib/staff/tokens";
import { getStore } from "@/lib/store";
import { postedFromThisSite, setSessionCookie } from "../../staff-session";

const NOT_VALID = { problem: "This link is not valid. Ask a colleague for a new link." };

export async function startEnrolment(token: string): Promise<CeremonyStart> {
  const now = new Date();
  if (!isToken(token) || !(await postedFromThisSite())) return NOT_VALID;
  const started = await enrolmentOptions(await getStore(), token, now);
  return "options" in started ? { registration: started.options } : { problem: started.problem };
}

export async function completeEnrolment(token: string, response: unknown, name: string): Promise<CeremonyEnd> {
  const now = new Date();
  if (!isToken(token) || !(await postedFromThisSite())) return NOT_VALID;
  const result = await finishEnrolment(await getStore(), token, response, name, now);
  if (!result.signedIn) return { problem: result.problem };
  await setSessionCookie(result.sessionToken);
  redirect("/staff?done=enrolled");
}
