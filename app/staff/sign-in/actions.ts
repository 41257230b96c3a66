"use server";
// The sign-in ceremony's two steps, called by the passkey button (components/PasskeyButton.tsx): the options with a
// challenge kept on the server, then the browser's answer, which signs the member in with a new session.
import { redirect } from "next/navigation";
import type { CeremonyStart, CeremonyEnd } from "@/lib/staff/ceremony";
import { finishSignIn, signInOptions } from "@/lib/staff/passkeys";
import { getStore } from "@/lib/store";
import { postedFromThisSite, requestClientAddress, setSessionCookie } from "../staff-session";

const FOREIGN = { problem: "Sign in from the clinic's own site." };

export async function startSignIn(): Promise<CeremonyStart> {
  const now = new Date();
  if (!(await postedFromThisSite())) return FOREIGN;
  const started = await signInOptions(await getStore(), await requestClientAddress(), now);
  return "options" in started ? { authentication: started.options } : { problem: started.problem };
}

export async function completeSignIn(response: unknown): Promise<CeremonyEnd> {
  const now = new Date();
  if (!(await postedFromThisSite())) return FOREIGN;
  const result = await finishSignIn(await getStore(), response, now);
  if (!result.signedIn) return { problem: result.problem };
  await setSessionCookie(result.sessionToken);
  redirect("/staff");
}
