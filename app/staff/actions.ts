"use server";
// Every action of the staff area behind the sign-in, each a form's POST (the passkey ceremony aside): each checks the
// session and the Origin on the server before it reads anything (./staff-session.ts), then acts through lib/staff.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { CeremonyEnd, CeremonyStart } from "@/lib/staff/ceremony";
import { inviteMember, readInvitation, removeMember } from "@/lib/staff/members";
import { addBlock } from "@/lib/staff-diary";
import { replaceCalendarLink } from "@/lib/staff/calendar-feed";
import { addPasskeyOptions, finishAddPasskey, passkeyName } from "@/lib/staff/passkeys";
import type { InviteState } from "@/lib/staff/invite-state";
import { endSession, SESSION_COOKIE } from "@/lib/staff/sessions";
import { getStore } from "@/lib/store";
import { clearSessionCookie, SIGN_IN_PAGE, staffForAction } from "./staff-session";

const field = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

export async function signOut(): Promise<void> {
  const now = new Date();
  await staffForAction(now);
  await endSession(await getStore(), (await cookies()).get(SESSION_COOKIE)?.value, now);
  await clearSessionCookie();
  redirect(`${SIGN_IN_PAGE}?signed-out=1`);
}

export async function startAddPasskey(): Promise<CeremonyStart> {
  const now = new Date();
  const { member } = await staffForAction(now);
  return { registration: await addPasskeyOptions(await getStore(), member, now) };
}

export async function completeAddPasskey(response: unknown, name: string): Promise<CeremonyEnd> {
  const now = new Date();
  const { member } = await staffForAction(now);
  const added = await finishAddPasskey(await getStore(), member, response, name, now);
  if (!added.added) return { problem: added.problem };
  redirect("/staff/passkeys?done=added");
}

export async function renamePasskey(formData: FormData): Promise<void> {
  const now = new Date();
  const { member } = await staffForAction(now);
  const renamed = await (await getStore()).renameStaffPasskey(member.id, field(formData, "passkey"), passkeyName(field(formData, "name"), now), now);
  redirect(`/staff/passkeys?done=${renamed ? "renamed" : "unchanged"}`);
}

export async function removePasskey(formData: FormData): Promise<void> {
  const now = new Date();
  const { member } = await staffForAction(now);
  const removed = await (await getStore()).removeStaffPasskey(member.id, field(formData, "passkey"), now);
  redirect(`/staff/passkeys?done=${removed === "removed" ? "removed" : removed === "last" ? "last" : "unchanged"}`);
}

export async function inviteColleague(_previous: InviteState, formData: FormData): Promise<InviteState> {
  const now = new Date();
  const { member } = await staffForAction(now);
  const values = { name: field(formData, "name"), email: field(formData, "email") };
  const read = readInvitation(values.name, values.email);
  if ("errors" in read) return { errors: read.errors, values };
  const invited = await inviteMember(await getStore(), read.invitation, member, now);
  return {
    errors: {},
    values: { name: "", email: "" },
    invited: { name: invited.member.name, email: invited.member.email, isNew: invited.isNew, link: invited.link, expiresAt: invited.expiresAt.toISOString(), emailed: invited.emailed },
  };
}

export async function removeColleague(formData: FormData): Promise<void> {
  const now = new Date();
  const { member } = await staffForAction(now);
  const email = field(formData, "email");
  // Removing oneself is signing out for good: done from the command line, so the clinic is never left with no one.
  if (email === member.email) redirect("/staff/members?done=not-yourself");
  const removed = await removeMember(await getStore(), email, member, now);
  redirect(`/staff/members?done=${removed ? "removed" : "unchanged"}`);
}

/** "Block time": a date, optional hours, a reason; the appointments holding times in it are listed on the way back. */
export async function blockDiaryTime(formData: FormData): Promise<void> {
  const now = new Date();
  const { member } = await staffForAction(now);
  const [date, from, to, reason] = ["date", "from", "to", "reason"].map((name) => field(formData, name).trim());
  const args = from || to ? [date, `${from}-${to}`, reason] : [date, reason];
  const blocked = await addBlock(await getStore(), args, now, member.id);
  const week = /^\d{4}-\d{2}-\d{2}$/.test(date) ? `week=${date}&` : "";
  if ("error" in blocked) redirect(`/staff?${week}block-error=${encodeURIComponent(blocked.error)}#block-time`);
  redirect(`/staff?${week}done=blocked&block=${blocked.id}&held=${blocked.held.join(",")}#block-time`);
}

export async function unblockDiaryTime(formData: FormData): Promise<void> {
  const now = new Date();
  await staffForAction(now);
  const unblocked = await (await getStore()).unblockTime(field(formData, "block"));
  const week = field(formData, "week");
  redirect(`/staff?${/^\d{4}-\d{2}-\d{2}$/.test(week) ? `week=${week}&` : ""}done=${unblocked ? "unblocked" : "unchanged"}`);
}

/** Makes the member's private calendar address anew (the old one stops working) and shows it once. */
export async function replaceCalendar(): Promise<{ link?: string }> {
  const now = new Date();
  const { member } = await staffForAction(now);
  return { link: await replaceCalendarLink(await getStore(), member) };
}
