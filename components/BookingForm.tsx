"use client";
// The consultation request form. It posts to the server action with or without JavaScript; with it,
// the button is disabled while the request is on its way so it cannot be sent twice. After the date, the patron
// picks one of its free times: with JavaScript they load as the date changes; without it, "Show free times" posts
// the answers so far and the form comes back with the day's times (nothing is stored).
import { Component, useActionState, useEffect, useEffectEvent, useRef, useState, type ReactNode, type RefObject } from "react";
import type { BookingFormText } from "@/lib/booking/form-text";
import {
  ASK_TO_CALL,
  EMAIL_KEPT_FIELD,
  REQUEST_KEY_FIELD,
  SHOW_DATE_FIELD,
  SHOW_TIMES_INTENT,
  type BookingField,
} from "@/lib/booking/rules";
import {
  EMPTY_BOOKING_STATE,
  unconfirmedBookingState,
  type BookingErrors,
  type BookingState,
  type BookingValues,
  type DayTimes,
} from "@/lib/booking/state";
import { keptAsTyped, suggestEmailAddress } from "@/lib/booking/email-typo";
import { fill } from "@/lib/i18n/fill";
import { BookingBotFields } from "./BookingBotFields";
import { BookingReceipt } from "./BookingReceipt";
import { EMAIL_TYPO_HINT_ID, EmailTypoHint } from "./EmailTypoHint";
import { FreeTimeGroups } from "./FreeTimeGroups";

export interface BookingFormProps {
  action: (state: BookingState, formData: FormData) => Promise<BookingState>;
  initialState?: BookingState;
  /** A new random key for each rendered form. */
  requestKey: string;
  /** The first and last dates a patron may choose, as YYYY-MM-DD in India time. */
  firstDate: string;
  lastDate: string;
  phone: { tel: string; display: string };
  /** When the server rendered the form, in milliseconds since 1970. */
  renderedAt: number;
  /** The form's words in the page's language (lib/booking/form-text.ts). */
  text: BookingFormText;
  /** Where the form loads a date's free times in the page's language: "/book/times", "/kn/book/times". */
  timesPath: string;
  /** The consent box's sentence, with its link to the privacy notice, and the line under the button. */
  consent: ReactNode;
  afterSubmit: ReactNode;
}

const errorId = (field: BookingField) => `${field}-error`;
const hintId = (field: BookingField) => `${field}-hint`;

function describedBy(field: BookingField, error: string | undefined, hint: boolean) {
  return [hint ? hintId(field) : null, error ? errorId(field) : null].filter(Boolean).join(" ") || undefined;
}

function FieldError({ field, error }: { field: BookingField; error?: string }) {
  return (
    <p id={errorId(field)} className="field__error" hidden={!error}>
      {error}
    </p>
  );
}

/** The attributes that tie a control to its name, its kept value, its hint and its error. */
function controlProps(field: BookingField, values: BookingValues, errors: BookingErrors, hint = false) {
  return {
    id: field,
    name: field,
    required: true,
    defaultValue: values[field],
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": describedBy(field, errors[field], hint),
  };
}

function Field({
  field,
  label,
  hint,
  error,
  children,
}: {
  field: BookingField;
  label: string;
  hint?: React.ReactNode;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={field}>{label}</label>
      {hint ? (
        <p id={hintId(field)} className="field__hint">
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError field={field} error={error} />
    </div>
  );
}

function Choices({
  field,
  legend,
  options,
  value,
  error,
}: {
  field: "mode" | "timeWindow";
  legend: string;
  /** Each choice's label, by its value. */
  options: Record<string, string>;
  value?: string;
  error?: string;
}) {
  return (
    <fieldset
      id={field}
      className="field choices"
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(field, error, false)}
    >
      <legend>{legend}</legend>
      {Object.entries(options).map(([option, label]) => (
        <label key={option} className="choice">
          <input type="radio" name={field} value={option} required defaultChecked={value === option} />
          {label}
        </label>
      ))}
      <FieldError field={field} error={error} />
    </fieldset>
  );
}

/**
 * The day's free times as radio buttons, grouped by part of the day, and a last choice to be called instead. A day
 * with none says why, and offers the next day that has some.
 */
function TimeChoices({
  times,
  value,
  error,
  legend,
  words,
}: {
  times?: DayTimes;
  value?: string;
  error?: string;
  legend: string;
  words: BookingFormText["times"];
}) {
  return (
    <fieldset
      id="time"
      className="field choices"
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy("time", error, true)}
      aria-live="polite"
    >
      <legend>{legend}</legend>
      <p id={hintId("time")} className="field__hint">
        {!times
          ? words.choose
          : times.times.length > 0
            ? fill(words.free, { date: times.dateLabel })
            : `${times.problem ?? fill(words.none, { date: times.dateLabel })}.${times.nextDateLabel ? ` ${fill(words.next, { date: times.nextDateLabel })}` : ""}`}
      </p>
      {times?.nextDate && times.times.length === 0 ? (
        <button type="submit" name={SHOW_DATE_FIELD} value={times.nextDate} formNoValidate className="button button--quiet">
          {fill(words.show, { date: times.nextDateLabel ?? times.nextDate })}
        </button>
      ) : null}
      <FreeTimeGroups
        times={times?.times ?? []}
        labels={times?.labels}
        parts={{ morning: words.morning, afternoon: words.afternoon, evening: words.evening }}
        value={value}
      />
      <label className="choice">
        <input type="radio" name="time" value={ASK_TO_CALL} defaultChecked={value === ASK_TO_CALL} />
        {words.askToCall}
      </label>
      <FieldError field="time" error={error} />
    </fieldset>
  );
}

/**
 * Runs a change to the page now, or, while a mouse button or finger is pressed, once the press has ended and its click
 * has landed. Leaving a field by pressing the next one would otherwise move that one away from under the pointer
 * (the question appearing above it), and the press would miss.
 */
function useAfterPress(): (change: () => void) => void {
  const pressed = useRef(false);
  const waiting = useRef<(() => void) | undefined>(undefined);
  useEffect(() => {
    const press = () => (pressed.current = true);
    const release = () => {
      pressed.current = false;
      const change = waiting.current;
      waiting.current = undefined;
      // After the click that follows the release.
      if (change) setTimeout(change, 0);
    };
    document.addEventListener("pointerdown", press, true);
    document.addEventListener("pointerup", release, true);
    document.addEventListener("pointercancel", release, true);
    return () => {
      document.removeEventListener("pointerdown", press, true);
      document.removeEventListener("pointerup", release, true);
      document.removeEventListener("pointercancel", release, true);
    };
  }, []);
  return (change) => {
    if (pressed.current) waiting.current = change;
    else change();
  };
}

/**
 * Catches the error React throws when a submission got no answer from the server. Any other error is not the form's
 * to handle and goes on to the page's error handling.
 */
class SubmissionFailure extends Component<
  { submissionRef: RefObject<FormData | null>; onFailure: (formData: FormData) => void; children: ReactNode },
  { failed: boolean; error: unknown }
> {
  override state = { failed: false, error: undefined as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { failed: true, error };
  }

  override componentDidCatch() {
    const formData = this.props.submissionRef.current;
    if (formData) this.props.onFailure(formData);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    if (!this.props.submissionRef.current) throw this.state.error;
    return null;
  }
}

/**
 * With JavaScript on, a submission that gets no answer (no connection, or the site restarting) would otherwise end in
 * React's error screen with the answers gone. The form is drawn again with them and a message instead; the action
 * itself stays the server's, so the form still posts without JavaScript.
 */
export function BookingForm(props: BookingFormProps) {
  const submissionRef = useRef<FormData | null>(null);
  const [attempt, setAttempt] = useState({ number: 0, state: props.initialState ?? EMPTY_BOOKING_STATE });
  const showUnconfirmed = (formData: FormData) => {
    submissionRef.current = null;
    const message = fill(props.text.unreachable, { phone: props.phone.display });
    setAttempt(({ number }) => ({ number: number + 1, state: unconfirmedBookingState(formData, message) }));
  };
  return (
    <SubmissionFailure key={attempt.number} submissionRef={submissionRef} onFailure={showUnconfirmed}>
      <BookingFormFields
        {...props}
        initialState={attempt.state}
        submissionRef={submissionRef}
      />
    </SubmissionFailure>
  );
}

function BookingFormFields({
  action,
  initialState = EMPTY_BOOKING_STATE,
  requestKey,
  firstDate,
  lastDate,
  phone,
  renderedAt,
  text,
  timesPath,
  consent,
  afterSubmit,
  submissionRef,
}: BookingFormProps & { submissionRef: RefObject<FormData | null> }) {
  const [state, formAction, pending] = useActionState(action, initialState);
  const summaryRef = useRef<HTMLDivElement>(null);
  const receiptRef = useRef<HTMLHeadingElement>(null);
  // The times shown: as the server last answered, or as loaded for the date the patron just chose.
  const answeredTimes = state.status === "editing" ? state.times : undefined;
  const [loaded, setLoaded] = useState<{ for?: DayTimes; times?: DayTimes }>({});
  const shownTimes = loaded.for === answeredTimes && loaded.times ? loaded.times : answeredTimes;
  const latestDate = useRef("");
  // "Did you mean …?" as the patron leaves the email field, and the address they chose to keep when asked so.
  const emailRef = useRef<HTMLInputElement>(null);
  const emailHintRef = useRef<HTMLDivElement>(null);
  const [emailHint, setEmailHint] = useState<{ typed: string; suggested: string }>();
  const [keptEmail, setKeptEmail] = useState<string>();
  const afterPress = useAfterPress();
  const checkEmail = (typed: string) => {
    const suggested = keptAsTyped(typed, keptEmail) ? undefined : suggestEmailAddress(typed);
    afterPress(() => setEmailHint(suggested ? { typed, suggested } : undefined));
  };
  const loadTimes = (date: string) => {
    latestDate.current = date;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    fetch(`${timesPath}?date=${encodeURIComponent(date)}`)
      .then((response) => (response.ok ? (response.json() as Promise<DayTimes>) : undefined))
      // Only the answer for the date still chosen: a slower answer for an earlier choice is dropped.
      .then((times) => times && latestDate.current === date && setLoaded({ for: answeredTimes, times }))
      // Without an answer, "Show free times" still works.
      .catch(() => undefined);
  };
  // A date chosen before the page's script took over (a slow phone) fired no change for it: load its times now.
  const dateRef = useRef<HTMLInputElement>(null);
  const loadDateChosenEarly = useEffectEvent(() => {
    const chosen = dateRef.current?.value ?? "";
    if (chosen && chosen !== answeredTimes?.date) loadTimes(chosen);
  });
  useEffect(() => loadDateChosenEarly(), []);

  useEffect(() => {
    // The server answered: from here on, an error is not this submission's.
    submissionRef.current = null;
    if (state.status === "received") receiptRef.current?.focus();
    else if (Object.keys(state.errors).length > 0) summaryRef.current?.focus();
    else if (state.emailSuggestion) emailHintRef.current?.focus();
  }, [state, submissionRef]);

  if (state.status === "received") {
    return <BookingReceipt receipt={state.receipt} phone={phone} words={text.receipt} headingRef={receiptRef} />;
  }

  const { values, errors, message, emailSuggestion } = state;
  // The server's question replaces the one asked in the browser: its buttons send the form.
  const askedEmail = emailSuggestion && values.email ? { typed: values.email, suggested: emailSuggestion } : undefined;
  const hintShown = Boolean(askedEmail ?? emailHint);
  const wrong = Object.entries(errors) as [BookingField, string][];

  return (
    <form
      action={formAction}
      onSubmit={(event) => (submissionRef.current = new FormData(event.currentTarget))}
      noValidate
      className="booking-form"
    >
      {/* The same key sent twice (a double click or a reload without JavaScript) is the same request. */}
      <input type="hidden" name={REQUEST_KEY_FIELD} value={requestKey} />
      <BookingBotFields renderedAt={renderedAt} />
      {/* autoFocus focuses the summary when the server renders it (JavaScript off); the effect above does after a
          submission with JavaScript on. */}
      {wrong.length > 0 ? (
        <div className="error-summary" tabIndex={-1} ref={summaryRef} autoFocus aria-labelledby="error-summary-heading">
          <h2 id="error-summary-heading">
            {wrong.length === 1 ? text.summaryOne : fill(text.summaryMany, { count: wrong.length })}
          </h2>
          <ul>
            {wrong.map(([field, error]) => (
              <li key={field}>
                <a href={`#${field}`}>
                  {error}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {message ? (
        <p className="form-message" role="alert">
          {message}
        </p>
      ) : null}

      <Field field="fullName" label={text.labels.fullName} error={errors.fullName}>
        <input type="text" autoComplete="name" {...controlProps("fullName", values, errors)} />
      </Field>

      <Field field="mobile" label={text.labels.mobile} error={errors.mobile} hint={text.hints.mobile}>
        <input type="tel" autoComplete="tel" inputMode="tel" {...controlProps("mobile", values, errors, true)} />
      </Field>

      <Field field="email" label={text.labels.email} error={errors.email}>
        <input
          type="email"
          autoComplete="email"
          ref={emailRef}
          {...controlProps("email", values, errors)}
          aria-describedby={[describedBy("email", errors.email, false), hintShown ? EMAIL_TYPO_HINT_ID : null].filter(Boolean).join(" ") || undefined}
          onBlur={(event) => checkEmail(event.currentTarget.value)}
        />
        {keptEmail ? <input type="hidden" name={EMAIL_KEPT_FIELD} value={keptEmail} /> : null}
        <div aria-live="polite">
          {askedEmail ? (
            <EmailTypoHint asked {...askedEmail} words={text.emailTypo} sendsRequest={wrong.length === 0} hintRef={emailHintRef} />
          ) : emailHint ? (
            <EmailTypoHint
              asked={false}
              {...emailHint}
              words={text.emailTypo}
              onUse={() => {
                if (emailRef.current) emailRef.current.value = emailHint.suggested;
                setEmailHint(undefined);
              }}
              onKeep={() => {
                setKeptEmail(emailHint.typed);
                setEmailHint(undefined);
              }}
            />
          ) : null}
        </div>
      </Field>

      <Choices field="mode" legend={text.labels.mode} options={text.modes} value={values.mode} error={errors.mode} />

      <Field field="preferredDate" label={text.labels.preferredDate} error={errors.preferredDate} hint={text.hints.preferredDate}>
        <div className="date-with-times">
          <input
            type="date"
            min={firstDate}
            max={lastDate}
            {...controlProps("preferredDate", values, errors, true)}
            ref={dateRef}
            onChange={(event) => loadTimes(event.currentTarget.value)}
          />
          <button type="submit" name="intent" value={SHOW_TIMES_INTENT} formNoValidate className="button button--quiet">
            {text.times.showTimes}
          </button>
        </div>
      </Field>

      <TimeChoices times={shownTimes} value={values.time} error={errors.time} legend={text.labels.time} words={text.times} />

      <Choices
        field="timeWindow"
        legend={text.labels.timeWindow}
        options={text.windows}
        value={values.timeWindow}
        error={errors.timeWindow}
      />

      <Field field="reason" label={text.labels.reason} error={errors.reason} hint={text.hints.reason}>
        <textarea rows={5} {...controlProps("reason", values, errors, true)} />
      </Field>

      <div className="field">
        <label className="choice" htmlFor="consent">
          <input
            id="consent"
            name="consent"
            type="checkbox"
            value="yes"
            required
            defaultChecked={values.consent === "yes"}
            aria-invalid={errors.consent ? true : undefined}
            aria-describedby={describedBy("consent", errors.consent, false)}
          />
          {/* One span, so the sentence flows around its link beside the box. */}
          <span>{consent}</span>
        </label>
        <FieldError field="consent" error={errors.consent} />
      </div>

      <button type="submit" className="button" disabled={pending} aria-disabled={pending}>
        {pending ? text.sending : text.submit}
      </button>
      <p className="field__hint">{afterSubmit}</p>
    </form>
  );
}
