"use client";
// The patron's "Choose another time": the chosen date's free times, and a button that moves the appointment there.
// A form that POSTs, with or without JavaScript; a time taken meanwhile comes back with the reason.
import { useActionState } from "react";
import { EMPTY_ACTION_STATE, type ActionFormState } from "@/lib/appointments/form-choices";
import type { MoveFormText } from "@/lib/appointments/patron-page-text";
import type { Language } from "@/lib/i18n/languages";
import { FreeTimeGroups } from "./FreeTimeGroups";

export interface PatronMoveFormProps {
  action: (state: ActionFormState, formData: FormData) => Promise<ActionFormState>;
  token: string;
  sequence: number;
  /** The page's language, which the answer comes back in. */
  language: Language;
  date: string;
  times: string[];
  /** Each time as the page's language writes it. */
  labels?: Record<string, string>;
  text: MoveFormText;
}

export function PatronMoveForm({ action, token, sequence, language, date, times, labels, text }: PatronMoveFormProps) {
  const [state, formAction, pending] = useActionState(action, EMPTY_ACTION_STATE);
  const error = state.errors.time ?? state.errors.date ?? state.refusal;
  return (
    <form action={formAction}>
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="sequence" value={sequence} />
      <input type="hidden" name="language" value={language} />
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="date" value={date} />
      <fieldset
        id="time"
        className="field choices"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "time-error" : undefined}
      >
        <legend>{text.legend}</legend>
        <FreeTimeGroups times={times} value={state.values.time} labels={labels} parts={text.parts} />
        <p id="time-error" className="field__error" role="alert" hidden={!error}>
          {error}
        </p>
      </fieldset>
      <button type="submit" className="button" disabled={pending}>
        {text.submit}
      </button>
    </form>
  );
}
