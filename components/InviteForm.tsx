"use client";
// Inviting a colleague, or making a new link for one who lost their passkeys: a form that POSTs (with or without
// JavaScript) and shows the one-time link it made, to pass on.
import { useActionState } from "react";
import { EMPTY_INVITE_STATE, type InviteState } from "@/lib/staff/invite-state";

export function InviteForm({ action }: { action: (state: InviteState, formData: FormData) => Promise<InviteState> }) {
  const [state, formAction, pending] = useActionState(action, EMPTY_INVITE_STATE);
  const { errors, values, invited } = state;
  return (
    <>
      {invited && (
        <div className="receipt" role="status">
          <p>
            {invited.isNew ? "Invited" : "A new link for"} {invited.name} ({invited.email}). Give them this link; it works once, for
            one hour, and creates their passkey:
          </p>
          <p className="enrolment-link">
            <a href={invited.link}>{invited.link}</a>
          </p>
          {invited.emailed && <p>It is also on its way to {invited.email} by email.</p>}
        </div>
      )}
      <form action={formAction} className="action-card">
        <div className="field">
          <label htmlFor="invite-name">Name</label>
          <input
            id="invite-name"
            name="name"
            required
            maxLength={100}
            autoComplete="off"
            defaultValue={values.name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? "invite-name-error" : undefined}
          />
          <p id="invite-name-error" className="field__error" hidden={!errors.name} aria-live="polite">
            {errors.name}
          </p>
        </div>
        <div className="field">
          <label htmlFor="invite-email">Email</label>
          <input
            id="invite-email"
            name="email"
            type="email"
            required
            autoComplete="off"
            defaultValue={values.email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? "invite-email-error" : undefined}
          />
          <p id="invite-email-error" className="field__error" hidden={!errors.email} aria-live="polite">
            {errors.email}
          </p>
        </div>
        <button type="submit" className="button" disabled={pending}>
          Make an enrolment link
        </button>
      </form>
    </>
  );
}
