"use client";
// The member's private calendar address: made (or made anew, ending the old one) by a form that POSTs, with or
// without JavaScript, and shown once, as only its hash is kept.
import { useActionState } from "react";

export function CalendarLinkForm({ action }: { action: (state: { link?: string }, formData: FormData) => Promise<{ link?: string }> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <>
      {state.link && (
        <div className="receipt" role="status">
          <p>Subscribe to this address in your calendar program (Google Calendar: Other calendars, From URL). Keep it to yourself: it is the key.</p>
          <p className="enrolment-link">
            <a href={state.link}>Your private calendar: {state.link}</a>
          </p>
        </div>
      )}
      <form action={formAction}>
        <button type="submit" className="button button--quiet" disabled={pending}>
          Make a new calendar address
        </button>
      </form>
    </>
  );
}
