import type { Metadata } from "next";
import Link from "next/link";
import { getClinic } from "@/lib/clinic";

// nginx (deploy/nginx.conf) shows this prerendered page when Next.js cannot answer, for example while it restarts.
export const metadata: Metadata = {
  title: "Briefly unavailable",
  robots: { index: false, follow: true },
};

export default function ServiceUnavailable() {
  const clinic = getClinic();
  return (
    <>
      <h1>The website is briefly unavailable</h1>
      <p>
        We could not reach the clinic&rsquo;s website just now. If you were sending a consultation request,{" "}
        <strong>it has not been sent</strong>: go back (your answers should still be in the form) and send it again
        in a minute.
      </p>
      <p>
        To reach the clinic now, call <a href={`tel:${clinic.phone}`}>{clinic.phoneDisplay}</a> or write to{" "}
        <a href={`mailto:${clinic.email}`}>{clinic.email}</a>. You can still read the{" "}
        <Link href="/articles">articles</Link>.
      </p>
    </>
  );
}
