// The database's tables as the store's queries see them, once the migrations have run. Every instant is stored as
// milliseconds since 1970 (UTC): an INTEGER in SQLite, a BIGINT in PostgreSQL, the same number in TypeScript.
import type { Generated } from "kysely";

export type EmailStatus = "pending" | "sent" | "undeliverable";

/**
 * Why an email last failed (lib/mail/delivery-failure.ts): a failure that may pass (retried for three days), the
 * patron's mail server refusing the address (given up at once), or the clinic's own mail settings refused (retried).
 */
export type MailFailure = "temporary" | "permanent" | "configuration";

/** Whether the last delivery pass that tried to send reached the mail server, or why not (migration 007). */
export type MailServerOutcome = "reached" | "unreachable" | "configuration";

/** Where a request stands (lib/appointments/states.ts says how it may change); migration 004 checks the same list. */
export const APPOINTMENT_STATES = ["requested", "proposed", "confirmed", "declined", "cancelled"] as const;
export type AppointmentState = (typeof APPOINTMENT_STATES)[number];

/** Who made a change: staff from their link, the patron from theirs, or the site itself. */
export type Actor = "staff" | "patron" | "system";

export interface ConsultationRequestsTable {
  reference: string;
  /** The form's one-time key: the same key twice is the same request. */
  request_key: string;
  /** The patron's answers as JSON, encrypted (encryptedPlace.patronDetails); null once erased. */
  patron_details: string | null;
  received_at: number;
  erased_at: number | null;
  /** The appointment the request has become (lib/appointments/states.ts). */
  state: Generated<AppointmentState>;
  /** The agreed or proposed time. */
  starts_at: number | null;
  /** The SEQUENCE of the appointment's calendar events, raised by every change. */
  calendar_sequence: Generated<number>;
  state_changed_at: number | null;
  state_changed_by: Generated<Actor>;
  /** What staff wrote to the patron with a decline or cancellation, encrypted; erased with the patron's details. */
  staff_message: string | null;
  /** The version of the privacy notice the patron agreed to (content/privacy.md), and when; null before migration 005. */
  consent_version: string | null;
  consent_given_at: number | null;
  /** The language the patron booked in ("en", "kn", "hi"); "en" before migration 012. */
  language: Generated<string>;
  /** The language of the notice the patron agreed to; null where no consent was recorded. */
  consent_notice_language: string | null;
}

/** One email to send: written in the same transaction as the change that causes it, sent once by the delivery loop. */
export interface OutboxTable {
  /** Unique per email the clinic means to send, such as "DS-K7M2-9QXA/clinic-request", so it is written once. */
  id: string;
  kind: string;
  /** The request it is about. */
  reference: string | null;
  /** Who it is for ("clinic", "patron"); the address is looked up when it is sent. */
  recipient: string;
  status: Generated<EmailStatus>;
  /** When it was written, or first due if that is later (a reminder): retries give up three days after it. */
  created_at: number;
  due_at: number;
  attempts: Generated<number>;
  /** Until then, the process that claimed it is sending it and no other may. */
  lease_until: Generated<number>;
  last_error: string | null;
  sent_at: number | null;
  /** What the change that caused it said (clinic-store.ts EmailDetails), as JSON, encrypted; erased once sent. */
  details: string | null;
  /** Why its last try failed; null if none did, or it was given up as there was nothing left to send. */
  failure: MailFailure | null;
  given_up_at: number | null;
}

/** What happened to a request, when, and who caused it: never a personal detail, so it outlives the patron's details. */
export interface AuditEventsTable {
  reference: string;
  at: number;
  /** Orders the events one transaction records at the same instant. */
  step: number;
  /** "received", "email sent", "confirmed", "cancelled", "erased", … (lib/outbox.ts words them). */
  event: string;
  actor: Actor;
  /** Which email, for an email's events: its kind, such as "patron-confirmed". */
  detail: string | null;
  /** The staff member who made the change from the staff area (migration 009); null otherwise. */
  staff_member_id: string | null;
}

/** The booking limit's recent attempts per client, keyed by a salted hash of the address, never the address. */
export interface BookingLimitsTable {
  address_hash: string;
  /** JSON array of the latest attempts' times. */
  attempts_json: string;
  last_attempt_at: number;
}

/** Values the servers share and generate once, such as the salt of the address hash. */
export interface SiteSecretsTable {
  name: string;
  value: string;
}

/**
 * One 5-minute quantum of the diary held by an appointment that is asked for at a time, proposed or confirmed: the
 * quantum is the key, so no two appointments can hold overlapping times (migration 006).
 */
export interface DiaryHoldsTable {
  /** The quantum's start, in milliseconds since 1970; a multiple of five minutes. */
  quantum_at: number;
  reference: string;
}

/** Time staff took out of the diary, with their reason; a whole day is midnight to midnight in India. */
export interface DiaryBlocksTable {
  id: string;
  starts_at: number;
  ends_at: number;
  reason: string;
  created_at: number;
  /** The staff member who blocked it in the staff area (migration 011); null when blocked with `npm run diary`. */
  blocked_by: string | null;
}

/** The mail server's last answer to any server's delivery pass: one row, "last". */
export interface MailServerContactTable {
  name: string;
  at: number;
  outcome: MailServerOutcome;
  /** The error, when it was not reached or refused the clinic's settings. */
  detail: string | null;
}

/** Someone of the clinic who signs in to /staff with a passkey (migration 008); a removed member's row stays for the audit trail. */
export interface StaffMembersTable {
  id: string;
  name: string;
  /** Lowercase; one live member per email. */
  email: string;
  created_at: number;
  removed_at: number | null;
  /** SHA-256 of the token in the member's private calendar feed's address (migration 010); null until made. */
  calendar_token_hash: string | null;
}

export interface StaffPasskeysTable {
  /** base64url, as the browser names the credential. */
  credential_id: string;
  member_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** JSON array of transports. */
  transports: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

/** A signed-in member's session, keyed by the SHA-256 of its cookie's token. */
export interface StaffSessionsTable {
  token_hash: string;
  member_id: string;
  created_at: number;
  last_seen_at: number;
  ended_at: number | null;
}

/** A one-time link that lets a member create a passkey, keyed by the SHA-256 of its token; an hour at most. */
export interface StaffEnrolmentsTable {
  token_hash: string;
  member_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export type StaffChallengePurpose = "sign-in" | "enrol" | "add-passkey";

/** A passkey ceremony's challenge, kept on the server until the browser's response takes it (once). */
export interface StaffChallengesTable {
  challenge: string;
  purpose: StaffChallengePurpose;
  /** The enrolment link's hash (enrol) or the member's id (add-passkey); null for sign-in. */
  owner: string | null;
  expires_at: number;
}

export type StaffEventName =
  | "invited"
  | "enrolled"
  | "signed in"
  | "signed out"
  | "passkey added"
  | "passkey renamed"
  | "passkey removed"
  | "removed";

/** What happened to a member's access, and who did it when not the member themself. */
export interface StaffEventsTable {
  id: string;
  member_id: string;
  at: number;
  event: StaffEventName;
  by_member_id: string | null;
  detail: string | null;
}

export interface Tables {
  consultation_requests: ConsultationRequestsTable;
  outbox: OutboxTable;
  booking_limits: BookingLimitsTable;
  site_secrets: SiteSecretsTable;
  audit_events: AuditEventsTable;
  diary_holds: DiaryHoldsTable;
  diary_blocks: DiaryBlocksTable;
  mail_server_contact: MailServerContactTable;
  staff_members: StaffMembersTable;
  staff_passkeys: StaffPasskeysTable;
  staff_sessions: StaffSessionsTable;
  staff_enrolments: StaffEnrolmentsTable;
  staff_challenges: StaffChallengesTable;
  staff_events: StaffEventsTable;
}

/**
 * Where each encrypted value lives. Its encryption is bound to the place (lib/privacy/encryption.ts), so a value moved
 * to another row or column does not decrypt there.
 */
export const encryptedPlace = {
  patronDetails: (reference: string) => `consultation_requests/${reference}/patron_details`,
  staffMessage: (reference: string) => `consultation_requests/${reference}/staff_message`,
  emailDetails: (id: string) => `outbox/${id}/details`,
};
