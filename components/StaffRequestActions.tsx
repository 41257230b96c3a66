"use client";
// The staff page's actions, each a form that POSTs (with or without JavaScript): confirm at a time, propose another
// time, decline with a message, or, once confirmed, move or cancel the appointment. Nothing acts until a button is
// pressed; with JavaScript, a button is disabled while its form is on its way.
import { useActionState } from "react";
import {
  DECLINE_ANSWERS,
  EMPTY_ACTION_STATE,
  MESSAGE_MAX_LENGTH,
  type ActionFormState,
  type StaffIntent,
} from "@/lib/appointments/form-choices";
import type { AppointmentState } from "@/lib/appointments/states";

export interface StaffRequestActionsProps {
  action: (state: ActionFormState, formData: FormData) => Promise<ActionFormState>;
  token: string;
  sequence: number;
  state: AppointmentState;
  /** The time the forms start at: the agreed or proposed one, else the start of the requested window. */
  defaultDate: string;
  defaultTime: string;
  firstDate: string;
  lastDate: string;
  consultationMinutes: number;
  /** The week's hours as staff read them, "Monday to Saturday, 10:00 AM to 7:00 PM", and the day's earliest and latest. */
  hours: { text: string; earliest: string; latest: string };
  /** The time the patron picked, which the site holds for them until staff confirm it: offered first. */
  held?: { date: string; time: string; label: string };
}

function Hidden({ token, sequence, intent }: { token: string; sequence: number; intent: string }) {
  return (
    <>
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="sequence" value={sequence} />
      <input type="hidden" name="intent" value={intent} />
    </>
  );
}

function TimeFields({ intent, props, state }: { intent: string; props: StaffRequestActionsProps; state: ActionFormState }) {
  const mine = state.intent === intent;
  const errors = mine ? state.errors : {};
  return (
    <div className="time-fields">
      <div className="field">
        <label htmlFor={`${intent}-date`}>Date</label>
        <input
          id={`${intent}-date`}
          name="date"
          type="date"
          required
          min={props.firstDate}
          max={props.lastDate}
          defaultValue={mine && state.values.date ? state.values.date : props.defaultDate}
          aria-invalid={errors.date ? true : undefined}
          aria-describedby={errors.date ? `${intent}-date-error` : undefined}
        />
        <p id={`${intent}-date-error`} className="field__error" hidden={!errors.date}>
          {errors.date}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${intent}-time`}>Time (India time)</label>
        <input
          id={`${intent}-time`}
          name="time"
          type="time"
          required
          min={props.hours.earliest}
          max={props.hours.latest}
          step={300}
          defaultValue={mine && state.values.time ? state.values.time : props.defaultTime}
          aria-invalid={errors.time ? true : undefined}
          aria-describedby={`${intent}-time-hint${errors.time ? ` ${intent}-time-error` : ""}`}
        />
        <p id={`${intent}-time-hint`} className="field__hint">
          {props.hours.text}; a consultation lasts {props.consultationMinutes} minutes.
        </p>
        <p id={`${intent}-time-error`} className="field__error" hidden={!errors.time}>
          {errors.time}
        </p>
      </div>
    </div>
  );
}

function MessageField({ intent, state, withAnswers }: { intent: string; state: ActionFormState; withAnswers: boolean }) {
  const mine = state.intent === intent;
  const error = mine ? state.errors.message : undefined;
  return (
    <>
      {withAnswers && (
        <fieldset className="field choices">
          <legend>A ready answer</legend>
          {Object.entries(DECLINE_ANSWERS).map(([key, answer]) => (
            <label key={key} className="choice">
              <input type="radio" name="answer" value={key} defaultChecked={mine && state.values.answer === key} />
              <span>{answer}</span>
            </label>
          ))}
          <label className="choice">
            <input type="radio" name="answer" value="" defaultChecked={!mine || !state.values.answer} />
            <span>Only my own words below</span>
          </label>
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${intent}-message`}>{withAnswers ? "Your own words to the patron (optional with a ready answer)" : "A message to the patron (optional)"}</label>
        <textarea
          id={`${intent}-message`}
          name="message"
          rows={3}
          maxLength={MESSAGE_MAX_LENGTH}
          defaultValue={mine ? state.values.message : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${intent}-message-error` : undefined}
        />
        <p id={`${intent}-message-error`} className="field__error" hidden={!error}>
          {error}
        </p>
      </div>
    </>
  );
}

/** One action: its heading, what it does, and its form, which POSTs the page's token and SEQUENCE with its intent. */
function ActionCard({
  id,
  intent,
  heading,
  effect,
  button,
  main = false,
  form,
  children,
}: {
  /** Unique on the page; by default the intent. */
  id?: string;
  intent: StaffIntent;
  heading: string;
  effect: string;
  button: string;
  main?: boolean;
  form: { action: (formData: FormData) => void; token: string; sequence: number; pending: boolean };
  children: React.ReactNode;
}) {
  return (
    <section className="action-card" aria-labelledby={`${id ?? intent}-heading`}>
      <h2 id={`${id ?? intent}-heading`}>{heading}</h2>
      <p>{effect}</p>
      <form action={form.action}>
        <Hidden token={form.token} sequence={form.sequence} intent={intent} />
        {children}
        <button type="submit" className={main ? "button" : "button button--quiet"} disabled={form.pending}>
          {button}
        </button>
      </form>
    </section>
  );
}

export function StaffRequestActions(props: StaffRequestActionsProps) {
  const [state, formAction, pending] = useActionState(props.action, EMPTY_ACTION_STATE);
  const form = { action: formAction, token: props.token, sequence: props.sequence, pending };
  const confirmed = props.state === "confirmed";
  const canDecline = props.state === "requested" || props.state === "proposed";

  return (
    <>
      {state.refusal && (
        <p className="form-message" role="alert">
          {state.refusal}
        </p>
      )}
      {confirmed ? (
        <ActionCard
          intent="confirm"
          heading="Move the appointment"
          effect="The patron gets the new time and an updated invitation; the old time is replaced in both calendars."
          button="Confirm the new time"
          main
          form={form}
        >
          <TimeFields intent="confirm" props={props} state={state} />
        </ActionCard>
      ) : (
        <>
          {props.held && (
            <ActionCard
              id="confirm-held"
              intent="confirm"
              heading={`Confirm the time the patron picked: ${props.held.label}`}
              effect="The site holds it for them. They get a confirmation with a calendar invitation, and a reminder the evening before."
              button={`Confirm ${props.held.label.split(", ").pop()}`}
              main
              form={form}
            >
              <input type="hidden" name="date" value={props.held.date} />
              <input type="hidden" name="time" value={props.held.time} />
            </ActionCard>
          )}
          <ActionCard
            intent="confirm"
            heading={props.held ? "Confirm another time" : "Confirm a time"}
            effect="The patron gets a confirmation with a calendar invitation, and a reminder the evening before."
            button="Confirm this time"
            main={!props.held}
            form={form}
          >
            <TimeFields intent="confirm" props={props} state={state} />
          </ActionCard>
          <ActionCard
            intent="propose"
            heading="Propose another time"
            effect="The patron gets the time with a link to accept or decline it. Accepting confirms it."
            button="Propose this time"
            form={form}
          >
            <TimeFields intent="propose" props={props} state={state} />
          </ActionCard>
        </>
      )}
      {canDecline && (
        <ActionCard
          intent="decline"
          heading="Decline the request"
          effect="The patron gets your answer. The request's event leaves the clinic's calendar."
          button="Decline the request"
          form={form}
        >
          <MessageField intent="decline" state={state} withAnswers />
        </ActionCard>
      )}
      {confirmed && (
        <ActionCard
          intent="cancel"
          heading="Cancel the appointment"
          effect="The patron is told, and the event is removed from both calendars."
          button="Cancel the appointment"
          form={form}
        >
          <MessageField intent="cancel" state={state} withAnswers={false} />
        </ActionCard>
      )}
    </>
  );
}
