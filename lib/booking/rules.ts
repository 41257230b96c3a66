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
export const SUNDAY = 0;

export const BOOKING_FIELDS = [
  "fullName",
  "mobile",
  "email",
  "mode",
  "preferredDate",
  "timeWindow",
  "reason",
  "consent",
] as const;
export type BookingField = (typeof BOOKING_FIELDS)[number];

/** The largest booking post the server reads; a real one is under 4 KB, so anything near this is abuse. */
export const BOOKING_BODY_LIMIT_BYTES = 64 * 1024;

/** The hidden field with the form's one-time key, which makes a resubmitted form one request, not two. */
export const REQUEST_KEY_FIELD = "requestKey";
