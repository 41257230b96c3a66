import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { PasskeyButton } from "@/components/PasskeyButton";
import { formatIndiaTimestamp } from "@/lib/india-time";
import { ENROLMENT_PROBLEMS, PASSKEY_NAME_MAX_LENGTH } from "@/lib/staff/passkeys";
import { hashToken, isToken } from "@/lib/staff/tokens";
import { getStore } from "@/lib/store";
import { completeEnrolment, startEnrolment } from "./actions";

// Opened from the link `npm run staff -- invite` prints (or a colleague makes): names the person and offers to create
// a passkey. Opening it changes nothing (mail scanners open links); only the passkey created from it uses it up.
// proxy.ts keeps it out of caches and search engines, and its address out of other sites' Referer headers.
export const metadata: Metadata = {
  title: "Create your staff passkey",
  robots: { index: false, follow: false },
  referrer: "same-origin",
};

export default async function EnrolPage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const now = new Date();
  if (!isToken(token)) notFound();
  const found = await (await getStore()).findEnrolment(hashToken(token), now);
  if ("problem" in found) {
    if (found.problem === "unknown") notFound();
    return (
      <>
        <h1>This link cannot be used</h1>
        <p>{ENROLMENT_PROBLEMS[found.problem]}</p>
        <p>
          <Link href="/staff/sign-in">Staff sign in</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Welcome, {found.member.name}</h1>
      <p className="lead">
        Create a passkey to sign in to the clinic&apos;s staff area as {found.member.email}. Your phone or computer keeps it and
        asks for your fingerprint, face or PIN each time: there is no password to remember or share.
      </p>
      <p>This link works once, until {formatIndiaTimestamp(found.expiresAt)}.</p>
      <PasskeyButton
        label="Create a passkey"
        start={startEnrolment.bind(null, token)}
        finish={completeEnrolment.bind(null, token)}
        nameField={{ label: "Name this passkey (optional)", hint: "Such as “My phone” or “Reception laptop”, to tell your passkeys apart.", maxLength: PASSKEY_NAME_MAX_LENGTH }}
      />
    </>
  );
}
