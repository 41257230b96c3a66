// What a link from an email shows when it cannot be used: forged or mistyped (404), or too old (410). Nothing has
// been changed, and the clinic's phone is one tap away.
import { getClinic } from "@/lib/clinic";

export function LinkProblem({ expired }: { expired: boolean }) {
  const clinic = getClinic();
  return (
    <>
      <h1>{expired ? "This link has expired" : "This link is not valid"}</h1>
      <p>
        {expired
          ? "Links in the clinic's emails work for a limited time: until the appointment for patrons, two weeks for staff."
          : "The link may have been cut short or changed when it was copied."}{" "}
        Nothing has been changed.
      </p>
      <p>
        Please call the clinic on <a href={`tel:${clinic.phone}`}>{clinic.phoneDisplay}</a> or write to{" "}
        <a href={`mailto:${clinic.email}`}>{clinic.email}</a>, quoting the reference in your email.
      </p>
    </>
  );
}
