// The clinic's store, written once for both engines: consultation requests, the outbox of emails they cause, the
// audit trail of what happened to each, the diary (the times appointments hold, the times staff blocked), and the
// booking limit every server shares. A change, the emails it causes and
// its audit events are written in one transaction; the delivery loop claims due emails with a lease, so no two
// processes send the same one. Patrons' details are encrypted on the way in and decrypted on the way out, here and
// nowhere else, so no patron detail is ever in the database in clear.
import { createHmac } from "node:crypto";
import { sql, type Kysely, type Selectable } from "kysely";
import type { ConsultationRequest } from "../booking/schema";
import { quantaOf } from "../diary";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "../i18n/languages";
import { decryptText, encryptText, keyIdOf, type DataKey } from "../privacy/encryption";
import type { Database, Engine } from "./database";
import { createStaffStore, type StaffStore } from "./staff-store";
import {
  encryptedPlace,
  type Actor,
  type AppointmentState,
  type AuditEventsTable,
  type ConsultationRequestsTable,
  type EmailStatus,
  type MailFailure,
  type MailServerOutcome,
  type OutboxTable,
  type Tables,
} from "./tables";

export type { EmailStatus, MailFailure, MailServerOutcome } from "./tables";

/** A request as an appointment: what it is now (lib/appointments/states.ts changes it). */
export interface Appointment {
  state: AppointmentState;
  /** The agreed time when confirmed (and after, when cancelled), the time offered when proposed; else null. */
  startsAt: Date | null;
  /** The calendar SEQUENCE, raised by every change: calendars apply changes in its order, and forms carry it. */
  sequence: number;
  changedAt: Date;
  changedBy: Actor;
  /** What staff wrote to the patron with a decline or a cancellation. */
  message: string | null;
}

/** A stored language code; one the site no longer has messages for (a language taken out) reads as English. */
function storedLanguage(code: string | null): Language {
  return isLanguage(code) ? code : DEFAULT_LANGUAGE;
}

/** The privacy notice's version the patron agreed to (content/privacy.md), in which language's text, and when. */
export interface Consent {
  version: string;
  givenAt: Date;
  /** The notice the patron read: content/privacy.md's English, or its translation (content/privacy.<language>.md). */
  noticeLanguage: Language;
}

export interface StoredRequest {
  reference: string;
  /** Null once the patron's details were erased. */
  request: ConsultationRequest | null;
  receivedAt: Date;
  erasedAt: Date | null;
  /** Null for requests stored before consent was recorded. */
  consent: Consent | null;
  /** The language the patron booked in: their emails and the pages their links open speak it. */
  language: Language;
  /** Where the request stands: requested, proposed, confirmed, declined or cancelled. */
  appointment: Appointment;
}

export interface NewRequest {
  reference: string;
  /** The one-time key the form carried: the same key twice is the same request. */
  requestKey: string;
  request: ConsultationRequest;
  receivedAt: Date;
  /** The notice's language is English's unless said. */
  consent: Omit<Consent, "noticeLanguage"> & Partial<Pick<Consent, "noticeLanguage">>;
  /** The language of the form the patron sent; English unless said. */
  language?: Language;
  /**
   * What the request starts as (lib/appointments/states.ts newAppointment): asked for at a time, which it holds, or
   * confirmed at once. Without one, a request for a window that holds nothing.
   */
  appointment?: Appointment;
}

/** What storing a request did: stored it (or found it stored by the same form), or not, as its time was taken. */
export type AddedRequest = { stored: StoredRequest; isNew: boolean } | "taken";

/**
 * What a change did: made it; not, as someone changed the appointment meanwhile (or its details are gone); or not,
 * as another appointment holds part of its new time.
 */
export type ChangeWritten = "changed" | "stale" | "taken";

/** An appointment's hold on the diary. */
export interface DiaryHold {
  reference: string;
  state: AppointmentState;
  startsAt: Date;
  endsAt: Date;
}

/** Time staff took out of the diary. */
export interface DiaryBlock {
  id: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  createdAt: Date;
  /** The name of the staff member who blocked it in the staff area; null when blocked with `npm run diary`. */
  blockedBy: string | null;
}

/** What the diary holds in a stretch of time: appointments' holds and staff's blocks overlapping it. */
export interface DiaryContents {
  holds: DiaryHold[];
  blocks: DiaryBlock[];
}

/** What the change that caused an email said, so that the email tells of that change even if another follows. */
export interface EmailDetails {
  startsAt?: number;
  sequence?: number;
  message?: string | null;
  by?: Actor;
  /** Where the appointment stood when withdrawing consent cancelled it, for the emails that say what was cancelled. */
  cancelledFrom?: AppointmentState;
  /** Where a moved appointment stood before (its state and time), for the emails that say what moved. */
  movedFrom?: { state: AppointmentState; startsAt: number };
  /** Whom to write to once the request's details are erased (the acknowledgement); erased once it is sent. */
  patron?: Pick<ConsultationRequest, "fullName" | "email" | "mode">;
  /** The language the patron booked in, for the acknowledgement written after the request's details are erased. */
  language?: Language;
  /** For the clinic's "please call": the kind of the patron's email given up on, and why, in words. */
  givenUp?: { kind: string; reason: string };
  /** For a staff member's enrolment email: whom it is for and their one-time link, erased once it is sent. */
  enrolment?: { name: string; email: string; link: string; expiresAt: number };
}

/** An email the change causes: what kind it is and whom it is for. */
export interface NewEmail {
  kind: string;
  recipient: string;
  /** Its one key: written once, whoever writes it again. Default: "<reference>/<kind>". */
  id?: string;
  /** Default: at once. */
  dueAt?: Date;
  details?: EmailDetails;
}

export interface OutboxEmail {
  id: string;
  kind: string;
  reference: string | null;
  recipient: string;
  status: EmailStatus;
  createdAt: Date;
  dueAt: Date;
  attempts: number;
  lastError: string | null;
  /** Why its last try failed, if one did (lib/mail/delivery-failure.ts). */
  failure: MailFailure | null;
  sentAt: Date | null;
  givenUpAt: Date | null;
  details: EmailDetails | null;
}

/** A failed try at sending an email: the error (no patron detail) and what kind of failure it was. */
export interface FailedTry {
  error: string;
  /** Null when there was nothing to send (the request's details are gone), not a failure of the mail. */
  failure: MailFailure | null;
}

/** The mail server's last answer to any server's delivery pass. */
export interface MailServerContact {
  at: Date;
  outcome: MailServerOutcome;
  detail: string | null;
}

/** What the health check reads of the outbox and the mail server: a few indexed queries. */
export interface DeliveryHealth {
  /** When the email owed longest was first due; null when none is owed. */
  oldestOwedSince: Date | null;
  /** Emails given up since the time asked about. */
  givenUp: number;
  lastContact: MailServerContact | null;
}

/** Emails of one kind in one status, with the failed tries they took, for the metrics. */
export interface OutboxTotal {
  kind: string;
  status: EmailStatus;
  emails: number;
  failedTries: number;
}

/** One thing that happened to a request: never a personal detail. */
export interface AuditEvent {
  at: Date;
  /** "received", "email sent", "email undeliverable", a state the appointment took ("confirmed", …), "erased". */
  event: string;
  actor: Actor;
  /** The kind of email, for an email's events. */
  detail: string | null;
  /** The staff member's name, for a change made from the staff area. */
  member?: string;
}

/** What a re-encryption under the newest key did. */
export interface Reencrypted {
  requests: number;
  emails: number;
}

export interface BookingLimit {
  requests: number;
  seconds: number;
}

/** The clinic's store; the staff area's members, passkeys and sessions are its part in ./staff-store.ts. */
export interface ClinicStore extends StaffStore {
  readonly engine: Engine;
  /**
   * Stores a request and the emails it causes, all or nothing. With a key seen before, stores nothing and returns
   * the earlier request, so the same form posted twice is one request.
   */
  addRequest(entry: NewRequest, emails: NewEmail[]): Promise<AddedRequest>;
  findRequest(reference: string): Promise<StoredRequest | undefined>;
  /**
   * Changes a request's appointment and writes the emails the change causes, all or nothing, only if the appointment
   * is still at `expectedSequence` (no one changed it meanwhile) and its details are still there; says whether it did.
   * A reminder still to go for the appointment is replaced by the emails given. The appointment's hold on the diary
   * moves with it in the same transaction: released when it no longer holds a time, and not made ("taken") when
   * another appointment holds part of the new one, so two servers giving overlapping times at once make one of them.
   */
  changeAppointment(
    reference: string,
    expectedSequence: number,
    appointment: Appointment,
    emails: NewEmail[],
    /** The signed-in staff member making it, named in the audit trail. */
    memberId?: string,
  ): Promise<ChangeWritten>;
  /**
   * Erases a request's details at `now`, as its patron withdrew consent (or staff did so for them), only if the
   * appointment is still at `expectedSequence`: it becomes `appointment` (cancelled, if it was still to happen), its
   * unsent emails are deleted, what the sent ones recorded is erased, and `emails` (the acknowledgement, which holds
   * the patron's address until it is sent) are written; all or nothing. Says whether it did.
   */
  eraseRequest(
    reference: string,
    expectedSequence: number,
    appointment: Appointment,
    emails: NewEmail[],
    by: Actor,
    now: Date,
  ): Promise<boolean>;
  /** What happened to a request, oldest first; empty for a reference never seen. */
  auditTrail(reference: string): Promise<AuditEvent[]>;
  /** Re-encrypts every value not under the newest key; returns how many of each it re-encrypted. */
  reencrypt(): Promise<Reencrypted>;
  /** The holds and blocks overlapping [from, to), earliest first. */
  diaryBetween(from: Date, to: Date): Promise<DiaryContents>;
  /**
   * Takes [startsAt, endsAt) out of the diary with staff's reason. Appointments holding times in it keep them, so staff
   * can move or cancel each: their references are returned.
   */
  blockTime(block: Omit<DiaryBlock, "blockedBy">, blockedById: string | null): Promise<string[]>;
  /** Puts a block's time back into the diary; says whether there was such a block. */
  unblockTime(id: string): Promise<boolean>;
  /** Confirmed appointments starting in [from, to), earliest first. */
  confirmedAppointmentsBetween(from: Date, to: Date): Promise<StoredRequest[]>;
  /** Requests waiting for staff to answer (asked for, details still there), oldest first. */
  requestsWaitingForStaff(): Promise<StoredRequest[]>;
  /** Requests received since `since` or with an appointment since then, latest received first. */
  recentRequests(since: Date): Promise<StoredRequest[]>;
  /** Writes an email about no one request (the day's agenda) unless one with its id exists; says whether it did. */
  scheduleEmail(email: NewEmail & { id: string }, now: Date): Promise<boolean>;
  /** Deletes an email still to go that no longer applies (a reminder for an appointment since moved). */
  dropEmail(id: string): Promise<void>;
  /** Leases up to `limit` emails that are due, so that no other process sends them until the lease runs out. */
  claimDueEmails(now: Date, leaseMs: number, limit: number): Promise<OutboxEmail[]>;
  markEmailSent(id: string, at: Date): Promise<void>;
  markEmailFailed(id: string, failed: FailedTry, nextAttemptAt: Date): Promise<void>;
  /**
   * Gives up on an email still to go at `at`, and writes `emails` about it (the clinic's "please call"), all or
   * nothing; says whether it did (another server may have sent or given it up first).
   */
  markEmailUndeliverable(id: string, failed: FailedTry, at: Date, emails: NewEmail[]): Promise<boolean>;
  /** Patrons' emails given up on since the agenda before the one due at `agendaAt` (or in the week before), oldest first. */
  emailsGivenUpSinceLastAgenda(agendaAt: Date): Promise<OutboxEmail[]>;
  /** Records the mail server's answer to the delivery pass at `at`. */
  recordMailServerContact(contact: MailServerContact): Promise<void>;
  /** The outbox and the mail server as the health check sees them at `now`, counting what was given up since `since`. */
  deliveryHealth(now: Date, since: Date): Promise<DeliveryHealth>;
  /** Every email by kind and status, with the failed tries, the requests received, and the backlog due at `now`. */
  deliveryTotals(now: Date): Promise<{ requests: number; emails: OutboxTotal[]; backlog: number; oldestOwedSince: Date | null }>;
  /** The migrations the database records as run, in order. */
  migrationsRun(): Promise<string[]>;
  /** Makes a request's unsent emails due now; returns how many. */
  retryEmails(reference: string, now: Date): Promise<number>;
  listEmails(statuses: EmailStatus[]): Promise<OutboxEmail[]>;
  emailsAbout(reference: string): Promise<OutboxEmail[]>;
  /** Erases the patron's details from requests whose every email was sent before `sentBefore`; returns how many. */
  erasePersonalData(sentBefore: Date, now: Date): Promise<number>;
  /** Counts one booking attempt from this client address and says whether it is within the limit. */
  allowBookingAttempt(clientAddress: string, now: Date, limit: BookingLimit): Promise<boolean>;
  /** Forgets the booking attempts of clients not seen since `before`; returns how many clients were forgotten. */
  pruneBookingLimits(before: Date): Promise<number>;
  close(): Promise<void>;
}

/** The states in which an appointment with a time holds it in the diary. */
const HOLDING_STATES: readonly AppointmentState[] = ["requested", "proposed", "confirmed"];

/** A hold's row was refused: another appointment holds that quantum. */
class TimeTaken extends Error {}

/** Whether `error` is either engine refusing a second row for one diary quantum. */
function isDiaryClash(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return (
    (code === "23505" && constraint === "diary_holds_pkey") ||
    // better-sqlite3 names the failed constraint only in the message.
    (code === "SQLITE_CONSTRAINT_PRIMARYKEY" && String((error as Error).message).includes("diary_holds"))
  );
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));
const QUANTUM_MS = 5 * 60 * 1000;

type AuditEntry = Pick<AuditEventsTable, "event" | "actor"> & { detail?: string; memberId?: string };

/** Records `entries` as having happened to `reference` at `at`, in their order, in the caller's transaction. */
async function recordAudit(trx: Kysely<Tables>, reference: string, at: Date, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto("audit_events")
    .values(
      entries.map(({ event, actor, detail, memberId }, step) => ({
        reference,
        at: at.getTime(),
        step,
        event,
        actor,
        detail: detail ?? null,
        staff_member_id: memberId ?? null,
      })),
    )
    .execute();
}

export function createClinicStore(database: Database, keys: readonly DataKey[], consultationMinutes: number): ClinicStore {
  const { db, engine } = database;
  // Every write is a transaction: on SQLite an IMMEDIATE one (lib/store/database.ts), so processes sharing the file
  // wait for each other rather than fail.
  const write = <T>(work: (trx: Kysely<Tables>) => Promise<T>) => db.transaction().execute(work);

  const encrypt = (value: string | null, place: string) => (value === null ? null : encryptText(keys, value, place));
  const decrypt = (value: string | null, place: string) => (value === null ? null : decryptText(keys, value, place));

  function toStoredRequest(row: Selectable<ConsultationRequestsTable>): StoredRequest {
    const details = decrypt(row.patron_details, encryptedPlace.patronDetails(row.reference));
    return {
      reference: row.reference,
      request: details === null ? null : (JSON.parse(details) as ConsultationRequest),
      receivedAt: new Date(row.received_at),
      erasedAt: date(row.erased_at),
      consent:
        row.consent_version === null || row.consent_given_at === null
          ? null
          : {
              version: row.consent_version,
              givenAt: new Date(row.consent_given_at),
              noticeLanguage: storedLanguage(row.consent_notice_language),
            },
      language: storedLanguage(row.language),
      appointment: {
        state: row.state,
        startsAt: date(row.starts_at),
        sequence: row.calendar_sequence,
        changedAt: new Date(row.state_changed_at ?? row.received_at),
        changedBy: row.state_changed_by,
        message: decrypt(row.staff_message, encryptedPlace.staffMessage(row.reference)),
      },
    };
  }

  function outboxRow(reference: string | null, email: NewEmail, now: Date) {
    const dueAt = (email.dueAt ?? now).getTime();
    const id = email.id ?? `${reference}/${email.kind}`;
    return {
      id,
      kind: email.kind,
      reference,
      recipient: email.recipient,
      // When it is first due, even if written earlier (a reminder): the three days of retries count from then.
      created_at: Math.max(now.getTime(), dueAt),
      due_at: dueAt,
      last_error: null,
      sent_at: null,
      failure: null,
      given_up_at: null,
      details: email.details ? encrypt(JSON.stringify(email.details), encryptedPlace.emailDetails(id)) : null,
    };
  }

  function toOutboxEmail(row: Selectable<OutboxTable>): OutboxEmail {
    const details = decrypt(row.details, encryptedPlace.emailDetails(row.id));
    return {
      id: row.id,
      kind: row.kind,
      reference: row.reference,
      recipient: row.recipient,
      status: row.status,
      createdAt: new Date(row.created_at),
      dueAt: new Date(row.due_at),
      attempts: row.attempts,
      lastError: row.last_error,
      failure: row.failure,
      sentAt: date(row.sent_at),
      givenUpAt: date(row.given_up_at),
      details: details === null ? null : (JSON.parse(details) as EmailDetails),
    };
  }

  /**
   * Makes `reference`'s hold on the diary what `appointment` needs, in the caller's transaction: none, or one row per
   * quantum of its time. A quantum another appointment holds is refused by the key, and the transaction with it.
   */
  async function holdTime(trx: Kysely<Tables>, reference: string, appointment: Pick<Appointment, "state" | "startsAt">): Promise<void> {
    await trx.deleteFrom("diary_holds").where("reference", "=", reference).execute();
    const { state, startsAt } = appointment;
    if (!startsAt || !HOLDING_STATES.includes(state)) return;
    const quanta = quantaOf(startsAt, new Date(startsAt.getTime() + consultationMinutes * 60_000));
    try {
      await trx.insertInto("diary_holds").values(quanta.map((quantum_at) => ({ quantum_at, reference }))).execute();
    } catch (error) {
      throw isDiaryClash(error) ? new TimeTaken() : error;
    }
  }

  /** Runs a write that may hold a time; "taken" when the diary refused it (and everything it wrote was undone). */
  async function writeHolding<T>(work: (trx: Kysely<Tables>) => Promise<T>): Promise<T | "taken"> {
    try {
      return await write(work);
    } catch (error) {
      if (error instanceof TimeTaken) return "taken";
      throw error;
    }
  }

  /** When the email owed longest at `now` was first due: its retries do not make it younger. */
  async function oldestOwed(now: Date): Promise<Date | null> {
    const oldest = await db
      .selectFrom("outbox")
      .select((eb) => eb.fn.min("created_at").as("at"))
      .where("status", "=", "pending")
      .where("created_at", "<=", now.getTime())
      .executeTakeFirst();
    return oldest?.at == null ? null : new Date(Number(oldest.at));
  }

  let salt: Promise<string> | undefined;
  const clientAddressSalt = () =>
    (salt ??= db
      .selectFrom("site_secrets")
      .select("value")
      .where("name", "=", "client-address-salt")
      .executeTakeFirstOrThrow()
      .then((row) => row.value));

  /**
   * Counts one attempt under `key` (a client's address, with what it attempts when that is not a booking) and says
   * whether it is within the limit; counted in the database, under a salted hash of the key, across all servers.
   */
  async function allowAttempt(key: string, now: Date, { requests, seconds }: BookingLimit): Promise<boolean> {
    const addressHash = createHmac("sha256", await clientAddressSalt()).update(key).digest("base64url");
    return write(async (trx) => {
      // The upsert takes the client's row lock first, so two servers counting the same client take turns.
      await trx
        .insertInto("booking_limits")
        .values({ address_hash: addressHash, attempts_json: "[]", last_attempt_at: now.getTime() })
        .onConflict((conflict) => conflict.column("address_hash").doUpdateSet({ last_attempt_at: now.getTime() }))
        .execute();
      const { attempts_json } = await trx
        .selectFrom("booking_limits")
        .select("attempts_json")
        .where("address_hash", "=", addressHash)
        .executeTakeFirstOrThrow();
      const since = now.getTime() - seconds * 1000;
      const recent = (JSON.parse(attempts_json) as number[]).filter((time) => time > since);
      const allowed = recent.length < requests;
      // Refused attempts count too, so a client that keeps trying stays refused; only the latest few are needed.
      recent.push(now.getTime());
      await trx
        .updateTable("booking_limits")
        .set({ attempts_json: JSON.stringify(recent.slice(-requests)) })
        .where("address_hash", "=", addressHash)
        .execute();
      return allowed;
    });
  }

  return {
    engine,
    ...createStaffStore(db, engine, write, allowAttempt, async (trx, emails, now) => {
      if (emails.length > 0) await trx.insertInto("outbox").values(emails.map((email) => outboxRow(null, email, now))).execute();
    }),
    addRequest: ({ reference, requestKey, request, receivedAt, consent, language, appointment }, emails) =>
      writeHolding(async (trx) => {
        const inserted = await trx
          .insertInto("consultation_requests")
          .values({
            reference,
            request_key: requestKey,
            patron_details: encrypt(JSON.stringify(request), encryptedPlace.patronDetails(reference)),
            received_at: receivedAt.getTime(),
            erased_at: null,
            state: appointment?.state ?? "requested",
            starts_at: appointment?.startsAt?.getTime() ?? null,
            calendar_sequence: appointment?.sequence ?? 0,
            state_changed_at: receivedAt.getTime(),
            state_changed_by: appointment?.changedBy ?? "patron",
            staff_message: null,
            consent_version: consent.version,
            consent_given_at: consent.givenAt.getTime(),
            consent_notice_language: consent.noticeLanguage ?? DEFAULT_LANGUAGE,
            language: language ?? DEFAULT_LANGUAGE,
          })
          .onConflict((conflict) => conflict.column("request_key").doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!inserted) {
          const earlier = await trx
            .selectFrom("consultation_requests")
            .selectAll()
            .where("request_key", "=", requestKey)
            .executeTakeFirstOrThrow();
          return { stored: toStoredRequest(earlier), isNew: false };
        }
        if (appointment) await holdTime(trx, reference, appointment);
        if (emails.length > 0) {
          await trx.insertInto("outbox").values(emails.map((email) => outboxRow(reference, email, receivedAt))).execute();
        }
        await recordAudit(trx, reference, receivedAt, [
          { event: "received", actor: "patron" },
          // Booked at once (BOOKING_CONFIRMATION=instant): confirmed as it was received.
          ...(appointment && appointment.state !== "requested" ? [{ event: appointment.state, actor: appointment.changedBy }] : []),
        ]);
        return { stored: toStoredRequest(inserted), isNew: true };
      }),

    async findRequest(reference) {
      const row = await db
        .selectFrom("consultation_requests")
        .selectAll()
        .where("reference", "=", reference)
        .executeTakeFirst();
      return row && toStoredRequest(row);
    },

    changeAppointment: (reference, expectedSequence, appointment, emails, memberId) =>
      writeHolding(async (trx): Promise<ChangeWritten> => {
        const changed = await trx
          .updateTable("consultation_requests")
          .set({
            state: appointment.state,
            starts_at: appointment.startsAt?.getTime() ?? null,
            calendar_sequence: appointment.sequence,
            state_changed_at: appointment.changedAt.getTime(),
            state_changed_by: appointment.changedBy,
            staff_message: encrypt(appointment.message, encryptedPlace.staffMessage(reference)),
          })
          .where("reference", "=", reference)
          .where("calendar_sequence", "=", expectedSequence)
          .where("patron_details", "is not", null)
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) === 0) return "stale";
        await holdTime(trx, reference, appointment);
        await recordAudit(trx, reference, appointment.changedAt, [{ event: appointment.state, actor: appointment.changedBy, memberId }]);
        // The reminder was for the time as it stood; the change brings its own, if any.
        await trx
          .deleteFrom("outbox")
          .where("reference", "=", reference)
          .where("kind", "=", "patron-reminder")
          .where("status", "=", "pending")
          .execute();
        if (emails.length > 0) {
          await trx
            .insertInto("outbox")
            .values(emails.map((email) => outboxRow(reference, email, appointment.changedAt)))
            // A reminder for a day one was already sent for is not sent again.
            .onConflict((conflict) => conflict.column("id").doNothing())
            .execute();
        }
        return "changed";
      }),

    async diaryBetween(from, to) {
      const holds = await db
        .selectFrom("diary_holds")
        .innerJoin("consultation_requests", "consultation_requests.reference", "diary_holds.reference")
        .select(["diary_holds.reference", "consultation_requests.state"])
        .select((eb) => [eb.fn.min("diary_holds.quantum_at").as("first"), eb.fn.max("diary_holds.quantum_at").as("last")])
        // A hold's quanta start up to five minutes before the end they cover.
        .where("diary_holds.quantum_at", ">", from.getTime() - QUANTUM_MS)
        .where("diary_holds.quantum_at", "<", to.getTime())
        .groupBy(["diary_holds.reference", "consultation_requests.state"])
        .orderBy("first")
        .execute();
      const blocks = await db
        .selectFrom("diary_blocks")
        .leftJoin("staff_members", "staff_members.id", "diary_blocks.blocked_by")
        .selectAll("diary_blocks")
        .select("staff_members.name as blocked_by_name")
        .where("starts_at", "<", to.getTime())
        .where("ends_at", ">", from.getTime())
        .orderBy("starts_at")
        .orderBy("diary_blocks.id")
        .execute();
      return {
        holds: holds.map(({ reference, state, first, last }) => ({
          reference,
          state,
          startsAt: new Date(Number(first)),
          endsAt: new Date(Number(last) + QUANTUM_MS),
        })),
        blocks: blocks.map((row) => ({
          id: row.id,
          startsAt: new Date(row.starts_at),
          endsAt: new Date(row.ends_at),
          reason: row.reason,
          createdAt: new Date(row.created_at),
          blockedBy: row.blocked_by_name ?? null,
        })),
      };
    },

    blockTime: ({ id, startsAt, endsAt, reason, createdAt }, blockedById) =>
      write(async (trx) => {
        await trx
          .insertInto("diary_blocks")
          .values({ id, starts_at: startsAt.getTime(), ends_at: endsAt.getTime(), reason, created_at: createdAt.getTime(), blocked_by: blockedById })
          .execute();
        const held = await trx
          .selectFrom("diary_holds")
          .select("reference")
          .distinct()
          .where("quantum_at", ">=", startsAt.getTime())
          .where("quantum_at", "<", endsAt.getTime())
          .orderBy("reference")
          .execute();
        return held.map((row) => row.reference);
      }),

    async unblockTime(id) {
      const result = await write((trx) => trx.deleteFrom("diary_blocks").where("id", "=", id).executeTakeFirst());
      return Number(result.numDeletedRows) > 0;
    },

    async confirmedAppointmentsBetween(from, to) {
      const rows = await db
        .selectFrom("consultation_requests")
        .selectAll()
        .where("state", "=", "confirmed")
        .where("starts_at", ">=", from.getTime())
        .where("starts_at", "<", to.getTime())
        .orderBy("starts_at")
        .orderBy("reference")
        .execute();
      return rows.map(toStoredRequest);
    },

    async requestsWaitingForStaff() {
      const rows = await db
        .selectFrom("consultation_requests")
        .selectAll()
        .where("state", "=", "requested")
        .where("patron_details", "is not", null)
        .orderBy("received_at")
        .orderBy("reference")
        .execute();
      return rows.map(toStoredRequest);
    },

    async recentRequests(since) {
      const rows = await db
        .selectFrom("consultation_requests")
        .selectAll()
        .where((eb) => eb.or([eb("received_at", ">=", since.getTime()), eb("starts_at", ">=", since.getTime())]))
        .orderBy("received_at", "desc")
        .orderBy("reference")
        .execute();
      return rows.map(toStoredRequest);
    },

    eraseRequest: (reference, expectedSequence, appointment, emails, by, now) =>
      write(async (trx) => {
        const before = await trx.selectFrom("consultation_requests").select("state").where("reference", "=", reference).executeTakeFirst();
        const erased = await trx
          .updateTable("consultation_requests")
          .set({
            patron_details: null,
            staff_message: null,
            erased_at: now.getTime(),
            state: appointment.state,
            starts_at: appointment.startsAt?.getTime() ?? null,
            calendar_sequence: appointment.sequence,
            state_changed_at: now.getTime(),
            state_changed_by: appointment.changedBy,
          })
          .where("reference", "=", reference)
          .where("calendar_sequence", "=", expectedSequence)
          .where("patron_details", "is not", null)
          .returning("state")
          .executeTakeFirst();
        if (!erased) return false;
        // A withdrawn request holds no time: whatever it still could, it has no patron to hold it for.
        await trx.deleteFrom("diary_holds").where("reference", "=", reference).execute();
        // Emails still to go would need the details: a receipt, a confirmation, a reminder. The acknowledgement
        // replaces them; the sent ones keep their dates and kinds, not what they recorded.
        await trx.deleteFrom("outbox").where("reference", "=", reference).where("status", "=", "pending").execute();
        await trx.updateTable("outbox").set({ details: null }).where("reference", "=", reference).execute();
        if (emails.length > 0) {
          await trx.insertInto("outbox").values(emails.map((email) => outboxRow(reference, email, now))).execute();
        }
        await recordAudit(trx, reference, now, [
          ...(before?.state === appointment.state ? [] : [{ event: appointment.state, actor: by }]),
          { event: "erased", actor: by },
        ]);
        return true;
      }),

    async auditTrail(reference) {
      const rows = await db
        .selectFrom("audit_events")
        .leftJoin("staff_members", "staff_members.id", "audit_events.staff_member_id")
        .select(["audit_events.at", "audit_events.event", "audit_events.actor", "audit_events.detail", "staff_members.name as member"])
        .where("audit_events.reference", "=", reference)
        .orderBy("audit_events.at")
        .orderBy("audit_events.step")
        .execute();
      return rows.map(({ at, event, actor, detail, member }) => ({ at: new Date(at), event, actor, detail, ...(member ? { member } : {}) }));
    },

    async reencrypt() {
      const [newest] = keys;
      const stale = (value: string | null) => value !== null && keyIdOf(value) !== newest.id;
      const again = (value: string | null, place: string) => (stale(value) ? encrypt(decrypt(value, place), place) : value);
      const done: Reencrypted = { requests: 0, emails: 0 };
      // One row per transaction, read again under its lock, so a running site goes on meanwhile and a change made
      // since the first read is kept.
      const requests = await db.selectFrom("consultation_requests").select(["reference", "patron_details", "staff_message"]).execute();
      for (const { reference } of requests.filter((row) => stale(row.patron_details) || stale(row.staff_message))) {
        await write(async (trx) => {
          const row = await trx
            .selectFrom("consultation_requests")
            .select(["patron_details", "staff_message"])
            .where("reference", "=", reference)
            .$if(engine === "postgres", (query) => query.forUpdate())
            .executeTakeFirstOrThrow();
          if (!stale(row.patron_details) && !stale(row.staff_message)) return;
          await trx
            .updateTable("consultation_requests")
            .set({
              patron_details: again(row.patron_details, encryptedPlace.patronDetails(reference)),
              staff_message: again(row.staff_message, encryptedPlace.staffMessage(reference)),
            })
            .where("reference", "=", reference)
            .execute();
          done.requests += 1;
        });
      }
      const emails = await db.selectFrom("outbox").select(["id", "details"]).execute();
      for (const { id } of emails.filter((row) => stale(row.details))) {
        await write(async (trx) => {
          const row = await trx
            .selectFrom("outbox")
            .select("details")
            .where("id", "=", id)
            .$if(engine === "postgres", (query) => query.forUpdate())
            .executeTakeFirst();
          if (!row || !stale(row.details)) return;
          await trx.updateTable("outbox").set({ details: again(row.details, encryptedPlace.emailDetails(id)) }).where("id", "=", id).execute();
          done.emails += 1;
        });
      }
      return done;
    },

    async scheduleEmail(email, now) {
      const result = await write((trx) =>
        trx
          .insertInto("outbox")
          .values(outboxRow(null, email, now))
          .onConflict((conflict) => conflict.column("id").doNothing())
          .executeTakeFirst(),
      );
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async dropEmail(id) {
      await write((trx) => trx.deleteFrom("outbox").where("id", "=", id).where("status", "=", "pending").execute());
    },

    claimDueEmails: (now, leaseMs, limit) =>
      write(async (trx) => {
        const due = trx
          .selectFrom("outbox")
          .select("id")
          .where("status", "=", "pending")
          .where("due_at", "<=", now.getTime())
          .where("lease_until", "<=", now.getTime())
          .orderBy("due_at")
          .limit(limit)
          // Several servers on PostgreSQL each take rows no other is taking, without waiting for one another.
          // SQLite has no such clause; its IMMEDIATE transaction already lets one process claim at a time.
          .$if(engine === "postgres", (query) => query.forUpdate().skipLocked());
        const rows = await trx
          .updateTable("outbox")
          .set({ lease_until: now.getTime() + leaseMs })
          .where("id", "in", due)
          .returningAll()
          .execute();
        return rows.map(toOutboxEmail).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      }),

    async markEmailSent(id, at) {
      await write(async (trx) => {
        const sent = await trx
          .updateTable("outbox")
          // What the change recorded was needed to compose it, and no longer is: an acknowledgement's address goes.
          .set({ status: "sent", sent_at: at.getTime(), lease_until: 0, last_error: null, failure: null, details: null })
          .where("id", "=", id)
          .returning(["reference", "kind"])
          .executeTakeFirst();
        if (sent?.reference) await recordAudit(trx, sent.reference, at, [{ event: "email sent", actor: "system", detail: sent.kind }]);
      });
    },

    async markEmailFailed(id, { error, failure }, nextAttemptAt) {
      await write((trx) =>
        trx
          .updateTable("outbox")
          .set((eb) => ({
            attempts: eb("attempts", "+", 1),
            last_error: error,
            failure,
            due_at: nextAttemptAt.getTime(),
            lease_until: 0,
          }))
          .where("id", "=", id)
          // An email another process sent meanwhile (this one's lease ran out) stays sent.
          .where("status", "=", "pending")
          .execute(),
      );
    },

    markEmailUndeliverable: (id, { error, failure }, at, emails) =>
      write(async (trx) => {
        const given = await trx
          .updateTable("outbox")
          .set((eb) => ({
            status: "undeliverable",
            attempts: eb("attempts", "+", 1),
            last_error: error,
            failure,
            given_up_at: at.getTime(),
            lease_until: 0,
          }))
          .where("id", "=", id)
          .where("status", "=", "pending")
          .returning(["reference", "kind"])
          .executeTakeFirst();
        if (!given) return false;
        if (emails.length > 0) {
          await trx
            .insertInto("outbox")
            .values(emails.map((email) => outboxRow(given.reference, email, at)))
            .onConflict((conflict) => conflict.column("id").doNothing())
            .execute();
        }
        if (given.reference) {
          await recordAudit(trx, given.reference, at, [{ event: "email undeliverable", actor: "system", detail: given.kind }]);
        }
        return true;
      }),

    async emailsGivenUpSinceLastAgenda(agendaAt) {
      const last = await db
        .selectFrom("outbox")
        .select((eb) => eb.fn.max("created_at").as("at"))
        .where("kind", "=", "clinic-agenda")
        .where("created_at", "<", agendaAt.getTime())
        .executeTakeFirst();
      // The first agenda of all looks back a week.
      const since = last?.at ?? agendaAt.getTime() - 7 * 24 * 60 * 60 * 1000;
      const rows = await db
        .selectFrom("outbox")
        .selectAll()
        .where("status", "=", "undeliverable")
        .where("given_up_at", ">=", Number(since))
        .where("given_up_at", "<", agendaAt.getTime())
        .where("recipient", "=", "patron")
        .orderBy("given_up_at")
        .orderBy("id")
        .execute();
      return rows.map(toOutboxEmail);
    },

    async recordMailServerContact({ at, outcome, detail }) {
      await write((trx) =>
        trx
          .insertInto("mail_server_contact")
          .values({ name: "last", at: at.getTime(), outcome, detail })
          // Passes of several servers may end out of order: the latest answer stays.
          .onConflict((conflict) =>
            conflict
              .column("name")
              .doUpdateSet({ at: at.getTime(), outcome, detail })
              .where("mail_server_contact.at", "<=", at.getTime()),
          )
          .execute(),
      );
    },

    async deliveryHealth(now, since) {
      const [oldestOwedSince, givenUp, contact] = await Promise.all([
        oldestOwed(now),
        db
          .selectFrom("outbox")
          .select((eb) => eb.fn.countAll().as("count"))
          .where("status", "=", "undeliverable")
          .where("given_up_at", ">=", since.getTime())
          .executeTakeFirstOrThrow(),
        db.selectFrom("mail_server_contact").selectAll().where("name", "=", "last").executeTakeFirst(),
      ]);
      return {
        oldestOwedSince,
        givenUp: Number(givenUp.count),
        lastContact: contact ? { at: new Date(Number(contact.at)), outcome: contact.outcome, detail: contact.detail } : null,
      };
    },

    async deliveryTotals(now) {
      const [requests, emails, backlog, oldestOwedSince] = await Promise.all([
        db.selectFrom("consultation_requests").select((eb) => eb.fn.countAll().as("count")).executeTakeFirstOrThrow(),
        db
          .selectFrom("outbox")
          .select((eb) => ["kind", "status", eb.fn.countAll().as("emails"), eb.fn.sum("attempts").as("failed_tries")])
          .groupBy(["kind", "status"])
          .orderBy("kind")
          .orderBy("status")
          .execute(),
        db
          .selectFrom("outbox")
          .select((eb) => eb.fn.countAll().as("count"))
          .where("status", "=", "pending")
          .where("due_at", "<=", now.getTime())
          .executeTakeFirstOrThrow(),
        oldestOwed(now),
      ]);
      return {
        requests: Number(requests.count),
        emails: emails.map((row) => ({ kind: row.kind, status: row.status, emails: Number(row.emails), failedTries: Number(row.failed_tries ?? 0) })),
        backlog: Number(backlog.count),
        oldestOwedSince,
      };
    },

    async migrationsRun() {
      const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
      return rows.map((row) => row.name);
    },

    async retryEmails(reference, now) {
      const result = await write((trx) =>
        trx
          .updateTable("outbox")
          // The lease stays: an email a process is sending right now must not be claimed and sent again.
          .set({ status: "pending", due_at: now.getTime() })
          .where("reference", "=", reference)
          .where("status", "!=", "sent")
          .executeTakeFirst(),
      );
      return Number(result.numUpdatedRows);
    },

    async listEmails(statuses) {
      if (statuses.length === 0) return [];
      const rows = await db
        .selectFrom("outbox")
        .selectAll()
        .where("status", "in", statuses)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toOutboxEmail);
    },

    async emailsAbout(reference) {
      const rows = await db.selectFrom("outbox").selectAll().where("reference", "=", reference).orderBy("id").execute();
      return rows.map(toOutboxEmail);
    },

    erasePersonalData: (sentBefore, now) =>
      write(async (trx) => {
        const erased = await trx
          .updateTable("consultation_requests")
          .set({ patron_details: null, staff_message: null, erased_at: now.getTime() })
          .where("patron_details", "is not", null)
          // Not before the appointment has passed by as long: staff need the details to hold the consultation.
          .where((eb) => eb.or([eb("starts_at", "is", null), eb("starts_at", "<", sentBefore.getTime())]))
          .where(({ and, exists, not, selectFrom }) => {
            const emails = () =>
              selectFrom("outbox").select("outbox.id").whereRef("outbox.reference", "=", "consultation_requests.reference");
            // Not while an email is still to go, or was given up on: staff need the details to call the patron.
            const unsentOrRecent = emails().where((email) =>
              email.or([email("outbox.status", "!=", "sent"), email("outbox.sent_at", ">=", sentBefore.getTime())]),
            );
            return and([exists(emails()), not(exists(unsentOrRecent))]);
          })
          .returning("reference")
          .execute();
        for (const { reference } of erased) await recordAudit(trx, reference, now, [{ event: "erased", actor: "system" }]);
        // What emails given up on recorded (an acknowledgement's address, kept for staff to try again) goes as well.
        await trx
          .updateTable("outbox")
          .set({ details: null })
          .where("status", "!=", "pending")
          .where("created_at", "<", sentBefore.getTime())
          .where("details", "is not", null)
          .execute();
        return erased.length;
      }),

    allowBookingAttempt: (clientAddress, now, limit) => allowAttempt(clientAddress, now, limit),

    async pruneBookingLimits(before) {
      const result = await write((trx) =>
        trx.deleteFrom("booking_limits").where("last_attempt_at", "<", before.getTime()).executeTakeFirst(),
      );
      return Number(result.numDeletedRows);
    },

    close: () => database.close(),
  };
}
