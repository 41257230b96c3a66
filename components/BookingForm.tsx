"use client";
// The consultation request form. It posts to the server action with or without JavaScript; with it,
// the button is disabled while the request is on its way so it cannot be sent twice.
import { useActionState, useEffect, useRef } from "react";
import {
  CONSULTATION_MODES,
  REASON_MAX_LENGTH,
  TIME_WINDOWS,
  type BookingField,
} from "@/lib/booking/rules";
import { EMPTY_BOOKING_STATE, type BookingState } from "@/lib/booking/state";
import { BookingReceipt } from "./BookingReceipt";

export interface BookingFormProps {
  action: (state: BookingState, formData: FormData) => Promise<BookingState>;
  initialState?: BookingState;
  /** The first and last dates a patron may choose, as YYYY-MM-DD in India time. */
  firstDate: string;
  lastDate: string;
  phone: { tel: string; display: string };
}

const LABELS: Record<BookingField, string> = {
  fullName: "Full name",
  mobile: "Mobile number",
  email: "Email",
  mode: "Type of consultation",
  preferredDate: "Preferred date",
  timeWindow: "Preferred time (India time)",
  reason: "Reason for consultation",
  consent: "Consent to be contacted",
};

const errorId = (field: BookingField) => `${field}-error`;
const hintId = (field: BookingField) => `${field}-hint`;

function describedBy(field: BookingField, error: string | undefined, hint = false) {
  return [hint ? hintId(field) : null, error ? errorId(field) : null].filter(Boolean).join(" ") || undefined;
}

function FieldError({ field, error }: { field: BookingField; error?: string }) {
  return (
    <p id={errorId(field)} className="field__error" hidden={!error}>
      {error}
    </p>
  );
}

export function BookingForm({ action, initialState = EMPTY_BOOKING_STATE, firstDate, lastDate, phone }: BookingFormProps) {
  const [state, formAction, pending] = useActionState(action, initialState);
  const summaryRef = useRef<HTMLDivElement>(null);
  const receiptRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (state.status === "received") receiptRef.current?.focus();
    else if (Object.keys(state.errors).length > 0) summaryRef.current?.focus();
  }, [state]);

  if (state.status === "received") {
    return <BookingReceipt receipt={state.receipt} phone={phone} headingRef={receiptRef} />;
  }

  const { values, errors, message } = state;
  const wrong = Object.entries(errors) as [BookingField, string][];

  return (
    <form action={formAction} noValidate className="booking-form">
      {wrong.length > 0 ? (
        <div className="error-summary" tabIndex={-1} ref={summaryRef} autoFocus aria-labelledby="error-summary-heading">
          <h2 id="error-summary-heading">
            {wrong.length === 1 ? "One answer needs your attention" : `${wrong.length} answers need your attention`}
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

      <div className="field">
        <label htmlFor="fullName">{LABELS.fullName}</label>
        <input
          id="fullName"
          name="fullName"
          type="text"
          autoComplete="name"
          required
          defaultValue={values.fullName}
          aria-invalid={errors.fullName ? true : undefined}
          aria-describedby={describedBy("fullName", errors.fullName)}
        />
        <FieldError field="fullName" error={errors.fullName} />
      </div>

      <div className="field">
        <label htmlFor="mobile">{LABELS.mobile}</label>
        <p id={hintId("mobile")} className="field__hint">
          A 10-digit Indian mobile number. The clinic will call you on it.
        </p>
        <input
          id="mobile"
          name="mobile"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          required
          defaultValue={values.mobile}
          aria-invalid={errors.mobile ? true : undefined}
          aria-describedby={describedBy("mobile", errors.mobile, true)}
        />
        <FieldError field="mobile" error={errors.mobile} />
      </div>

      <div className="field">
        <label htmlFor="email">{LABELS.email}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={values.email}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={describedBy("email", errors.email)}
        />
        <FieldError field="email" error={errors.email} />
      </div>

      <fieldset
        id="mode"
        className="field choices"
        aria-invalid={errors.mode ? true : undefined}
        aria-describedby={describedBy("mode", errors.mode)}
      >
        <legend>{LABELS.mode}</legend>
        {Object.entries(CONSULTATION_MODES).map(([value, mode]) => (
          <label key={value} className="choice">
            <input type="radio" name="mode" value={value} required defaultChecked={values.mode === value} />
            {mode.label}
          </label>
        ))}
        <FieldError field="mode" error={errors.mode} />
      </fieldset>

      <div className="field">
        <label htmlFor="preferredDate">{LABELS.preferredDate}</label>
        <p id={hintId("preferredDate")} className="field__hint">
          Monday to Saturday, within the next 60 days. The clinic is closed on Sundays.
        </p>
        <input
          id="preferredDate"
          name="preferredDate"
          type="date"
          required
          min={firstDate}
          max={lastDate}
          defaultValue={values.preferredDate}
          aria-invalid={errors.preferredDate ? true : undefined}
          aria-describedby={describedBy("preferredDate", errors.preferredDate, true)}
        />
        <FieldError field="preferredDate" error={errors.preferredDate} />
      </div>

      <fieldset
        id="timeWindow"
        className="field choices"
        aria-invalid={errors.timeWindow ? true : undefined}
        aria-describedby={describedBy("timeWindow", errors.timeWindow)}
      >
        <legend>{LABELS.timeWindow}</legend>
        {Object.entries(TIME_WINDOWS).map(([value, window]) => (
          <label key={value} className="choice">
            <input type="radio" name="timeWindow" value={value} required defaultChecked={values.timeWindow === value} />
            {window.label}
          </label>
        ))}
        <FieldError field="timeWindow" error={errors.timeWindow} />
      </fieldset>

      <div className="field">
        <label htmlFor="reason">{LABELS.reason}</label>
        <p id={hintId("reason")} className="field__hint">
          What would you like to discuss with the doctor? At most {REASON_MAX_LENGTH.toLocaleString("en-IN")}{" "}
          characters.
        </p>
        <textarea
          id="reason"
          name="reason"
          rows={5}
          required
          defaultValue={values.reason}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={describedBy("reason", errors.reason, true)}
        />
        <FieldError field="reason" error={errors.reason} />
      </div>

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
            aria-describedby={describedBy("consent", errors.consent)}
          />
          I agree that the clinic may contact me by phone or email about this request.
        </label>
        <FieldError field="consent" error={errors.consent} />
      </div>

      <button type="submit" className="button" disabled={pending} aria-disabled={pending}>
        {pending ? "Sending your request…" : "Send request"}
      </button>
      <p className="field__hint">
        The clinic will call or write to confirm your slot. For anything urgent, call{" "}
        <a href={`tel:${phone.tel}`}>{phone.display}</a>.
      </p>
    </form>
  );
}
