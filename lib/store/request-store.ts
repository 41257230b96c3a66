// Where consultation requests wait until both emails are out: the interface the booking action and the delivery
// loop use, so that another database (PostgreSQL, say) can take SQLite's place without touching either of them.
import type { ConsultationRequest } from "../booking/schema";

export type DeliveryStatus = "pending" | "sent" | "undeliverable";

/** One of the two emails a request sends; each is marked on its own so a retry never sends one twice. */
export type EmailPart = "clinic" | "patron";

export interface StoredRequest {
  reference: string;
  status: DeliveryStatus;
  /** Null once the personal data was erased after the retention period. */
  request: ConsultationRequest | null;
  receivedAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  clinicSentAt: Date | null;
  patronSentAt: Date | null;
  sentAt: Date | null;
}

export interface NewRequest {
  reference: string;
  /** The one-time key the form carried: the same key twice is the same request. */
  requestKey: string;
  request: ConsultationRequest;
  receivedAt: Date;
}

export interface RequestStore {
  /** Stores a request durably; with a key seen before, stores nothing and returns the earlier request. */
  add(entry: NewRequest): { stored: StoredRequest; isNew: boolean };
  /** Leases up to `limit` requests that are due, so no other process sends them until the lease runs out. */
  claimDue(now: Date, leaseMs: number, limit: number): StoredRequest[];
  markEmailSent(reference: string, part: EmailPart, at: Date): void;
  markSent(reference: string, at: Date): void;
  markFailed(reference: string, error: string, nextAttemptAt: Date): void;
  markUndeliverable(reference: string, error: string): void;
  /** Makes a failed or undeliverable request due now; false when there is no such request still to send. */
  retryNow(reference: string, now: Date): boolean;
  /** Erases personal fields of requests sent before `sentBefore`; returns how many were erased. */
  erasePersonalData(sentBefore: Date): number;
  find(reference: string): StoredRequest | undefined;
  list(statuses: DeliveryStatus[]): StoredRequest[];
  close(): void;
}
