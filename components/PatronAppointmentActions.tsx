"use client";
// The patron's buttons: accept or decline a proposed time, or cancel a confirmed appointment. Each is a form that
// POSTs, with or without JavaScript; opening the page does nothing.
import { useActionState } from "react";
import { EMPTY_ACTION_STATE, type ActionFormState, type PatronIntent } from "@/lib/appointments/form-choices";
import type { Language } from "@/lib/i18n/languages";

export interface PatronAppointmentActionsProps {
  action: (state: ActionFormState, formData: FormData) => Promise<ActionFormState>;
  token: string;
  sequence: number;
  /** The page's language, which the answer comes back in. */
  language: Language;
  /** The buttons the appointment's state allows, in order, the first the main one. */
  choices: { intent: PatronIntent; label: string }[];
}

export function PatronAppointmentActions({ action, token, sequence, language, choices }: PatronAppointmentActionsProps) {
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
            <input type="hidden" name="language" value={language} />
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
