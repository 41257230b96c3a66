// What a link's page shows when the request behind it can no longer be acted on; the words are lib/link-problem.ts's.
import { getClinic } from "@/lib/clinic";
import { LINK_PROBLEMS, NOTHING_CHANGED, type LinkProblem as Problem } from "@/lib/link-problem";

export function LinkProblem({ problem }: { problem: Problem }) {
  const clinic = getClinic();
  const { heading, why } = LINK_PROBLEMS[problem];
  return (
    <>
      <h1>{heading}</h1>
      <p>
        {why} {NOTHING_CHANGED}
      </p>
      <p>
        Please call the clinic on <a href={`tel:${clinic.phone}`}>{clinic.phoneDisplay}</a> or write to{" "}
        <a href={`mailto:${clinic.email}`}>{clinic.email}</a>, quoting the reference in your email.
      </p>
    </>
  );
}
