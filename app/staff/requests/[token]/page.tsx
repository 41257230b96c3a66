import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { LinkProblem } from "@/components/LinkProblem";
import { openLinkPage } from "@/lib/appointments/link-pages";
import { StaffRequestView } from "../../request-view";
import { actOnRequest } from "./actions";

// Opened from the clinic's email: only shows. Its forms' POSTs act (./actions.ts); proxy.ts answers a forged link
// 404 and an expired one 410, and keeps the page out of caches, search engines and Referer headers.
export const metadata: Metadata = {
  title: "Consultation request",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

export default async function StaffRequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ done?: string }>;
}) {
  await connection();
  const { token } = await params;
  const { done } = await searchParams;
  const now = new Date();
  const page = await openLinkPage("staff", token, now);
  if (!page.found) {
    if (page.reason === "forged") notFound();
    return <LinkProblem problem={page.reason} />;
  }
  return <StaffRequestView reference={page.reference} stored={page.stored} done={done} action={actOnRequest} token={token} now={now} />;
}
