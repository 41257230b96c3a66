// What the booking action answers and the form renders. Plain data, safe to import from the browser.
import type { BookingField } from "./rules";

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
  timeWindow: string;
}

export type BookingState =
  | { status: "editing"; values: BookingValues; errors: BookingErrors; message?: string }
  | { status: "received"; receipt: BookingReceipt };

export const EMPTY_BOOKING_STATE: BookingState = { status: "editing", values: {}, errors: {} };
