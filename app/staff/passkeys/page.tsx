import type { Metadata } from "next";
import { connection } from "next/server";
import { PasskeyButton } from "@/components/PasskeyButton";
import { StaffNav } from "@/components/StaffNav";
import { formatIndiaTimestamp } from "@/lib/india-time";
import { PASSKEY_NAME_MAX_LENGTH } from "@/lib/staff/passkeys";
import { getStore } from "@/lib/store";
import { completeAddPasskey, removePasskey, renamePasskey, signOut, startAddPasskey } from "../actions";
import { staffOnPage } from "../staff-session";

// A member's own passkeys: add one (the browser's ceremony), rename or remove one (forms that POST). The last one
// cannot be removed, or its member could not sign in again.
export const metadata: Metadata = { title: "Your passkeys", robots: { index: false, follow: false } };

const DONE: Record<string, string> = {
  added: "Passkey added. You can sign in with it from now on.",
  renamed: "Passkey renamed.",
  removed: "Passkey removed: it no longer signs you in.",
  last: "That is your only passkey, so it was kept: add another first, then remove this one.",
  unchanged: "Nothing was changed: that passkey is not one of yours any more.",
};

export default async function PasskeysPage({ searchParams }: { searchParams: Promise<{ done?: string }> }) {
  await connection();
  const { member } = await staffOnPage(new Date());
  const { done } = await searchParams;
  const notice = done ? DONE[done] : undefined;
  const passkeys = (await (await getStore()).staffMembers()).find((each) => each.id === member.id)?.passkeys ?? [];
  return (
    <>
      <StaffNav name={member.name} signOut={signOut} />
      <h1>Your passkeys</h1>
      {notice && (
        <p className="receipt" role="status">
          {notice}
        </p>
      )}
      <ul className="passkey-list">
        {passkeys.map((passkey, index) => (
          <li key={passkey.credentialId} className="action-card">
            <h2>{passkey.name}</h2>
            <p>
              Added {formatIndiaTimestamp(passkey.createdAt)} ·{" "}
              {passkey.lastUsedAt ? `last used ${formatIndiaTimestamp(passkey.lastUsedAt)}` : "not used to sign in yet"}
            </p>
            <form action={renamePasskey}>
              <input type="hidden" name="passkey" value={passkey.credentialId} />
              <div className="field">
                <label htmlFor={`rename-${index}`}>New name</label>
                <input id={`rename-${index}`} name="name" required maxLength={PASSKEY_NAME_MAX_LENGTH} defaultValue={passkey.name} />
              </div>
              <button type="submit" className="button button--quiet">
                Rename
              </button>
            </form>
            {passkeys.length > 1 && (
              <form action={removePasskey}>
                <input type="hidden" name="passkey" value={passkey.credentialId} />
                <button type="submit" className="button button--quiet">
                  Remove “{passkey.name}”
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <section className="action-card" aria-labelledby="add-heading">
        <h2 id="add-heading">Add a passkey</h2>
        <p>On another phone or computer? Sign in there with a new enrolment link instead. Here you can add this device or a security key.</p>
        <PasskeyButton
          label="Add a passkey"
          start={startAddPasskey}
          finish={completeAddPasskey}
          nameField={{ label: "Name this passkey (optional)", hint: "Such as “Reception laptop” or “Blue key”.", maxLength: PASSKEY_NAME_MAX_LENGTH }}
        />
      </section>
    </>
  );
}
