// The staff area's lists of requests: those waiting for an answer, oldest first, with how long each has waited; and
// finding one by its reference, or by the patron's name or mobile. Patrons' details are encrypted in the database,
// so names and numbers are never stored in clear to search by: the search reads the requests whose details are still
// kept (details are erased RETENTION_DAYS after their last email) and compares them decrypted, in memory.
import { describeRequest } from "../booking/describe";
import type { ClinicStore, StoredRequest } from "../store/clinic-store";

export interface RequestLine {
  reference: string;
  name: string;
  /** "Tue 8 Dec 2026, Morning, 10 AM to 1 PM" or "… 11:20 AM". */
  askedFor: string;
  mode: string;
  state: string;
  waited: string;
}

/** "3 days", "2 h 15 min", "5 min": how long ago `since` was at `now`. */
export function waitedFor(since: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes >= 48 * 60) return `${Math.floor(minutes / (24 * 60))} days`;
  if (minutes >= 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${minutes} min`;
}

function lineOf(stored: StoredRequest, now: Date): RequestLine | undefined {
  if (!stored.request) return undefined;
  const described = describeRequest(stored.request, stored.reference);
  return {
    reference: stored.reference,
    name: stored.request.fullName,
    askedFor: `${described.date}, ${described.time}`,
    mode: described.mode,
    state: stored.appointment.state,
    waited: waitedFor(stored.receivedAt, now),
  };
}

/** Requests waiting for staff, oldest first. */
export async function requestsWaiting(store: ClinicStore, now: Date): Promise<RequestLine[]> {
  return (await store.requestsWaitingForStaff()).flatMap((stored) => lineOf(stored, now) ?? []);
}

/** The digits of a mobile number without India's country code, for comparing "+91 98450 12345" with "9845012345". */
const mobileDigits = (mobile: string) => mobile.replace(/\D/g, "").replace(/^(?:91|0)(?=\d{10}$)/, "");

/** The requests whose reference is `query`, or whose patron's name or mobile contains it; latest first, at most 50. */
export async function findRequests(store: ClinicStore, query: string, now: Date): Promise<RequestLine[]> {
  const wanted = query.trim();
  if (wanted.length < 2) return [];
  const byReference = await store.findRequest(wanted.toUpperCase());
  if (byReference) return [lineOf(byReference, now)].filter((line): line is RequestLine => line !== undefined);
  const name = wanted.toLocaleLowerCase("en-IN");
  const digits = mobileDigits(wanted);
  const kept = (await store.recentRequests(new Date(0))).filter((stored) => stored.request !== null);
  return kept
    .filter(({ request }) => request!.fullName.toLocaleLowerCase("en-IN").includes(name) || (digits.length >= 4 && mobileDigits(request!.mobile).includes(digits)))
    .slice(0, 50)
    .flatMap((stored) => lineOf(stored, now) ?? []);
}
