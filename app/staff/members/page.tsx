import type { Metadata } from "next";
import { connection } from "next/server";
import { InviteForm } from "@/components/InviteForm";
import { StaffNav } from "@/components/StaffNav";
import { getStore } from "@/lib/store";
import { inviteColleague, removeColleague, signOut } from "../actions";
import { staffOnPage } from "../staff-session";

// The clinic's staff members: invite a colleague (or make a new link for one who lost their passkeys) and remove one,
// which ends their sessions at once.
export const metadata: Metadata = { title: "Staff members", robots: { index: false, follow: false } };

const DONE: Record<string, string> = {
  removed: "Removed: their sessions have ended and their passkeys no longer sign in.",
  unchanged: "Nothing was changed: they had been removed already.",
  "not-yourself": "You cannot remove yourself here; a colleague can, or whoever runs the site with npm run staff -- remove.",
};

export default async function MembersPage({ searchParams }: { searchParams: Promise<{ done?: string }> }) {
  await connection();
  const { member } = await staffOnPage(new Date());
  const { done } = await searchParams;
  const notice = done ? DONE[done] : undefined;
  const members = await (await getStore()).staffMembers();
  return (
    <>
      <StaffNav name={member.name} signOut={signOut} />
      <h1>Staff members</h1>
      {notice && (
        <p className="receipt" role="status">
          {notice}
        </p>
      )}
      <ul className="member-list">
        {members.map((each) => (
          <li key={each.id}>
            <strong>{each.name}</strong> · <a href={`mailto:${each.email}`}>{each.email}</a> ·{" "}
            {each.passkeys.length === 0 ? "no passkey yet" : `${each.passkeys.length} ${each.passkeys.length === 1 ? "passkey" : "passkeys"}`}
            {each.id !== member.id && (
              <form action={removeColleague} className="inline-form">
                <input type="hidden" name="email" value={each.email} />
                <button type="submit" className="button button--quiet">
                  Remove {each.name}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <h2>Invite a colleague</h2>
      <p>
        Makes a one-time link, valid for one hour, that lets them create a passkey. For a colleague who lost their phone, the
        same form makes a new link; their older links stop working.
      </p>
      <InviteForm action={inviteColleague} />
    </>
  );
}
