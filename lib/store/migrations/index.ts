// The migrations in the order they run, on both engines. Add one as a new file and a new line here; never change one
// that has shipped, since databases out there have already run it.
import type { Migration } from "kysely/migration";
import * as consultationRequests from "./001-consultation-requests";
import * as outbox from "./002-outbox";
import * as sharedBookingLimit from "./003-shared-booking-limit";
import * as appointments from "./004-appointments";

export const MIGRATIONS: Record<string, Migration> = {
  "001-consultation-requests": consultationRequests,
  "002-outbox": outbox,
  "003-shared-booking-limit": sharedBookingLimit,
  "004-appointments": appointments,
};
