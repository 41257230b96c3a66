import type { Metadata } from "next";
import { connection } from "next/server";
import { StaffNav } from "@/components/StaffNav";
import { signOut } from "./actions";
import { staffOnPage } from "./staff-session";

// The staff area's home, behind a passkey session checked here on the server.
export const metadata: Metadata = { title: "Staff area", robots: { index: false, follow: false } };

const DONE: Record<string, string> = {
  enrolled: "Your passkey is created and you are signed in. Next time, sign in with it at /staff/sign-in.",
};

export default async function StaffHomePage({ searchParams }: { searchParams: Promise<{ done?: string }> }) {
  await connection();
  const { member } = await staffOnPage(new Date());
  const { done } = await searchParams;
  const notice = done ? DONE[done] : undefined;
  return (
    <>
      <StaffNav name={member.name} signOut={signOut} />
      <h1>Staff area</h1>
      {notice && (
        <p className="receipt" role="status">
          {notice}
        </p>
      )}
      <p className="lead">Requests, the week&apos;s diary and your passkeys, for the clinic&apos;s staff only.</p>
    </>
  );
}
