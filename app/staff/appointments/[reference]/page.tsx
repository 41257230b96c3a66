import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { StaffNav } from "@/components/StaffNav";
import { getStore } from "@/lib/store";
import { signOut } from "../../actions";
import { StaffRequestView } from "../../request-view";
import { staffOnPage } from "../../staff-session";
import { actOnAppointment } from "./actions";

// One appointment from the staff area's diary or list: the same page and forms as the email's link opens.
export const metadata: Metadata = { title: "Consultation request", robots: { index: false, follow: false } };

export default async function StaffAppointmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ reference: string }>;
  searchParams: Promise<{ done?: string }>;
}) {
  await connection();
  const now = new Date();
  const { member } = await staffOnPage(now);
  const { reference } = await params;
  const { done } = await searchParams;
  const stored = await (await getStore()).findRequest(reference);
  if (!stored) notFound();
  return (
    <>
      <StaffNav name={member.name} signOut={signOut} />
      {stored.request ? (
        <StaffRequestView reference={reference} stored={{ ...stored, request: stored.request }} done={done} action={actOnAppointment} token={reference} now={now} />
      ) : (
        <>
          <h1>Consultation request {reference}</h1>
          <p>The patron&apos;s details were erased, so there is nothing left to act on.</p>
        </>
      )}
    </>
  );
}
