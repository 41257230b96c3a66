// Who may use the staff area: members are invited by a colleague or from the command line (`npm run staff`), each
// with a one-time link to create a passkey that lasts one hour. There is no open first-run page: the first member is
// invited from the command line. The same invitation for a member who lost their passkeys is their recovery. A link
// signs nobody in by itself: only the passkey it creates does. Removing a member ends their sessions at once.
import { z } from "zod";
import { getConfig } from "../config";
import { formatIndiaTimestamp } from "../india-time";
import type { ClinicStore } from "../store/clinic-store";
import type { StaffMember } from "../store/staff-store";
import { hashToken, newToken } from "./tokens";

export const ENROLMENT_LINK_MS = 60 * 60 * 1000;

/** Where an enrolment link's page is: /staff/enrol/<token>. */
export const ENROLMENT_PAGE = "/staff/enrol";

const invitationSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "Write the colleague's name, such as Asha Rao." })
    .max(100, { error: "Keep the name to 100 characters or fewer." })
    .refine((name) => !/[\p{Cc}<>]/u.test(name), { error: "Write the name without unusual characters." }),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "Write their email address, such as asha@example.com." })),
});

export type Invitation = z.infer<typeof invitationSchema>;

/** An invitation as typed, checked; or what is wrong with each field. */
export function readInvitation(name: unknown, email: unknown): { invitation: Invitation } | { errors: { name?: string; email?: string } } {
  const parsed = invitationSchema.safeParse({ name: String(name ?? ""), email: String(email ?? "") });
  if (parsed.success) return { invitation: parsed.data };
  const errors: { name?: string; email?: string } = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as "name" | "email"] ??= issue.message;
  return { errors };
}

export interface Invited {
  member: StaffMember;
  /** A new member, or one already there (a new link for a lost passkey). */
  isNew: boolean;
  link: string;
  expiresAt: Date;
  /** Whether the link is also on its way to them by email (when SMTP_URL is set). */
  emailed: boolean;
}

/** Writes a one-time enrolment link for `invitation`'s member at `now`, by a colleague or (null) the command line. */
export async function inviteMember(store: ClinicStore, invitation: Invitation, by: StaffMember | null, now: Date): Promise<Invited> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ENROLMENT_LINK_MS);
  const { siteUrl, smtpUrl } = getConfig();
  const link = `${siteUrl}${ENROLMENT_PAGE}/${token}`;
  // Only through a mail server: without one, emails are files in var/mail, and a live link is better not left there.
  const emails = smtpUrl
    ? [
        {
          id: `staff-enrolment/${hashToken(token)}`,
          kind: "staff-enrolment",
          recipient: "staff",
          details: { enrolment: { ...invitation, link, expiresAt: expiresAt.getTime() } },
        },
      ]
    : [];
  const { member, isNew } = await store.inviteStaffMember({ ...invitation, tokenHash: hashToken(token), now, expiresAt, by: by?.id ?? null, emails });
  return { member, isNew, link, expiresAt, emailed: emails.length > 0 };
}

/** Removes the member with `email` at once: their sessions end and their passkeys stop working. */
export async function removeMember(store: ClinicStore, email: string, by: StaffMember | null, now: Date): Promise<StaffMember | undefined> {
  return store.removeStaffMember(email.trim().toLowerCase(), now, by?.id ?? null);
}

const EVENT_WORDS: Record<string, string> = {
  invited: "enrolment link made",
  enrolled: "passkey created from the link",
  "signed in": "signed in",
  "signed out": "signed out",
  "passkey added": "passkey added",
  "passkey renamed": "passkey renamed",
  "passkey removed": "passkey removed",
  removed: "removed from the staff area",
};

/** What happened to the access of whoever had `email` (`npm run staff -- audit EMAIL`), oldest first. */
export async function describeMemberAudit(store: ClinicStore, email: string): Promise<string[]> {
  const members = await store.staffMembersByEmail(email.trim().toLowerCase());
  if (members.length === 0) return [`No staff member has had the email ${email}.`];
  const lines: string[] = [];
  for (const member of members) {
    lines.push(`${member.name} <${member.email}>${member.removedAt ? ` (removed ${formatIndiaTimestamp(member.removedAt)})` : ""}:`);
    for (const event of await store.staffEvents(member.id)) {
      lines.push(
        `  ${formatIndiaTimestamp(event.at)} · ${EVENT_WORDS[event.event] ?? event.event}${event.detail ? ` "${event.detail}"` : ""}${event.by ? ` · by ${event.by}` : ""}`,
      );
    }
  }
  return lines;
}

/** The members and their passkeys, for `npm run staff`. */
export async function describeMembers(store: ClinicStore): Promise<string[]> {
  const members = await store.staffMembers();
  if (members.length === 0) return ['No staff members yet. Invite the first: npm run staff -- invite "Name" email@example.com'];
  return members.flatMap((member) => [
    `${member.name} <${member.email}> · since ${formatIndiaTimestamp(member.createdAt)}`,
    ...(member.passkeys.length === 0
      ? ["  no passkey yet (their enrolment link may still be waiting)"]
      : member.passkeys.map(
          (passkey) =>
            `  passkey "${passkey.name}" · added ${formatIndiaTimestamp(passkey.createdAt)} · ${
              passkey.lastUsedAt ? `last used ${formatIndiaTimestamp(passkey.lastUsedAt)}` : "not used yet"
            }`,
        )),
  ]);
}
