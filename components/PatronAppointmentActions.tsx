"use client";
// The patron's buttons: accept or decline a proposed time, or cancel a confirmed appointment. Each is a form that
// POSTs, with or without JavaScript; opening the page does nothing.
import { useActionState } from "react";
import { EMPTY_ACTION_STATE, type ActionFormState, type PatronIntent } from "@/lib/appointments/form-choices";

export interface PatronAppointmentActionsProps {
  action: (state: ActionFormState, formData: FormData) => Promise<ActionFormState>;
  token: string;
  sequence: number;
  /** The buttons the appointment's state allows, in order, the first the main one. */
  choices: { intent: PatronIntent; label: string }[];
}

export function PatronAppointmentActions({ action, token, sequence, choices }: PatronAppointmentActionsProps) {
  const [state, formAction, pending] = useActionState(action, EMPTY_ACTION_STATE);
  return (
    <>
      {state.refusal && (
        <p className="form-message" role="alert">
          {state.refusal}
        </p>
      )}
      <div className="hero__actions">
        {choices.map(({ intent, label }, index) => (
          <form key={intent} action={formAction}>
            <input type="hidden" name="token" value={token} />
            <input type="hidden" name="sequence" value={sequence} />
            <input type="hidden" name="intent" value={intent} />
            <button type="submit" className={index === 0 ? "button" : "button button--quiet"} disabled={pending}>
              {label}
            </button>
          </form>
        ))}
      </div>
    </>
  );
}
