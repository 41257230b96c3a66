import type { Metadata } from "next";
import Link from "next/link";

// The staff area's "Page not found" (an appointment's reference or an enrolment link no one made), in its own English
// layout: the site's (app/not-found.tsx) draws a patron's page with its own <html>, which Next.js cannot put inside
// app/staff/layout.tsx's, and answers with an empty document instead.
export const metadata: Metadata = { title: "Page not found", robots: { index: false, follow: false } };

export default function StaffNotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no such page in the staff area: the reference or the link may have been mistyped.</p>
      <p>
        <Link href="/staff">Go to the diary</Link>
      </p>
    </>
  );
}
