// What the booking action answers and the form renders. Plain data, safe to import from the browser.
import { BOOKING_FIELDS, type BookingField } from "./rules";

export type BookingValues = Partial<Record<BookingField, string>>;
export type BookingErrors = Partial<Record<BookingField, string>>;

/** What the patron asked for, worded for people, shown on the confirmation. */
export interface BookingReceipt {
  reference: string;
  fullName: string;
  mobile: string;
  email: string;
  mode: string;
  date: string;
  /** The time picked ("11:20 AM"), or the window the clinic may call in ("Morning, 10 AM to 1 PM"). */
  time: string;
  /** Whether the time is held for the patron (a time picked), rather than a window to agree a time in. */
  held: boolean;
  /** Whether it is booked already (BOOKING_CONFIRMATION=instant), rather than waiting for the clinic to confirm. */
  confirmed: boolean;
}

/** A day's free times, as the form offers them. */
export interface DayTimes {
  date: string;
  /** The date as patrons read it, "Monday, 7 Dec 2026". */
  dateLabel: string;
  /** "HH:MM", in order. */
  times: string[];
  /** Each time as the page's language writes it ("11:20 AM"). */
  labels?: Record<string, string>;
  /** Why the date has no times to offer (a Sunday, beyond the horizon, …), when it has none for that reason. */
  problem?: string;
  /** The next date with free times, when this one has none. */
  nextDate?: string;
  nextDateLabel?: string;
}

export type BookingState =
  | {
      status: "editing";
      values: BookingValues;
      errors: BookingErrors;
      message?: string;
      times?: DayTimes;
      /** The address the patron probably meant, when the one they typed looks mistyped and they have not chosen. */
      emailSuggestion?: string;
    }
  | { status: "received"; receipt: BookingReceipt };

export const EMPTY_BOOKING_STATE: BookingState = { status: "editing", values: {}, errors: {} };

/** The form's own fields as typed; anything else posted (or a file in place of text) is ignored. */
export function bookingValuesFrom(formData: FormData): BookingValues {
  const values: BookingValues = {};
  for (const field of BOOKING_FIELDS) {
    const value = formData.get(field);
    if (typeof value === "string") values[field] = value;
  }
  return values;
}

/**
 * The form again, with every answer, when the browser got no answer from the site (no connection, or the site
 * restarting), saying so in `message`. The request may or may not have arrived: sending it again is safe, as the
 * same form is one request.
 */
export function unconfirmedBookingState(formData: FormData, message: string): BookingState {
  return { status: "editing", values: bookingValuesFrom(formData), errors: {}, message };
}
