import type { Metadata } from "next";
import { connection } from "next/server";
import { PasskeyButton } from "@/components/PasskeyButton";
import { getClinic } from "@/lib/clinic";
import { completeSignIn, startSignIn } from "./actions";

// Where every staff page sends someone without a session. Signing in asks for no name: the passkey says who it is.
export const metadata: Metadata = {
  title: "Staff sign in",
  robots: { index: false, follow: false },
};

export default async function StaffSignInPage() {
  await connection();
  const clinic = getClinic();
  return (
    <>
      <h1>Staff sign in</h1>
      <p className="lead">Sign in with your passkey: your phone&apos;s or computer&apos;s fingerprint, face or PIN, or your security key.</p>
      <PasskeyButton label="Sign in with a passkey" start={startSignIn} finish={completeSignIn} />
      <h2>No passkey on this device?</h2>
      <p>
        Ask a signed-in colleague for an enrolment link (Staff members, Invite), or ask whoever runs the website to make one with{" "}
        <code>npm run staff -- invite</code>. Patrons: please call the clinic on <a href={`tel:${clinic.phone}`}>{clinic.phoneDisplay}</a>.
      </p>
    </>
  );
}
