// The booking rules the form shows (choices, limits) without pulling zod into the browser.
// The schema in ./schema.ts enforces them; keep both in this folder.

export const CONSULTATION_MODES = {
  tele: { label: "Tele consultation (phone call)", short: "Tele (phone)" },
  video: { label: "Video consultation", short: "Video" },
} as const;
export type ConsultationMode = keyof typeof CONSULTATION_MODES;

/** Windows within the consultation hours (10:00 to 19:00, India time), as "HH:MM" on the 24-hour clock. */
export const TIME_WINDOWS = {
  morning: { label: "Morning, 10 AM to 1 PM", starts: "10:00", ends: "13:00" },
  afternoon: { label: "Afternoon, 1 PM to 4 PM", starts: "13:00", ends: "16:00" },
  evening: { label: "Evening, 4 PM to 7 PM", starts: "16:00", ends: "19:00" },
} as const;
export type TimeWindow = keyof typeof TIME_WINDOWS;

export const BOOKING_DAYS_AHEAD = 60;
export const REASON_MAX_LENGTH = 1000;

/** Whether a time a patron picks waits for staff to confirm it, or is booked at once (BOOKING_CONFIRMATION). */
export type BookingConfirmation = "staff" | "instant";

/** The `time` a patron picks when none of the day's free times suits them: the clinic calls to agree one. */
export const ASK_TO_CALL = "call";
/** The form's "Show free times" button: the answers come back with the date's free times, and nothing is stored. */
export const SHOW_TIMES_INTENT = "show-times";
/** The button that shows another date's free times (the next day with some), with the answers kept. */
export const SHOW_DATE_FIELD = "showDate";

/** The buttons beside an address that looks mistyped ("Did you mean …?"): the address the patron chose to send with. */
export const EMAIL_CHOICE_FIELD = "emailChoice";
/** The hidden field saying which address the patron, asked about it while filling in the form, chose to keep. */
export const EMAIL_KEPT_FIELD = "emailKept";

export const BOOKING_FIELDS = [
  "fullName",
  "mobile",
  "email",
  "mode",
  "preferredDate",
  "time",
  "timeWindow",
  "reason",
  "consent",
] as const;
export type BookingField = (typeof BOOKING_FIELDS)[number];

/** The largest booking post the server reads; a real one is under 4 KB, so anything near this is abuse. */
export const BOOKING_BODY_LIMIT_BYTES = 64 * 1024;

/** The hidden field with the form's one-time key, which makes a resubmitted form one request, not two. */
export const REQUEST_KEY_FIELD = "requestKey";
