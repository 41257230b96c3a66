// The migrations in the order they run, on both engines. Add one as a new file and a new line here; never change one
// that has shipped, since databases out there have already run it. Migration 005 encrypts what was stored in clear,
// so it is given the data keys; 006 holds the times of appointments already agreed, so it is given their length.
import type { Migration } from "kysely/migration";
import type { DataKey } from "../../privacy/encryption";
import * as consultationRequests from "./001-consultation-requests";
import * as outbox from "./002-outbox";
import * as sharedBookingLimit from "./003-shared-booking-limit";
import * as appointments from "./004-appointments";
import { privacy } from "./005-privacy";
import { diary } from "./006-diary";
import * as mailFailures from "./007-mail-failures";
import * as staff from "./008-staff";
import * as staffAudit from "./009-staff-audit";
import * as staffCalendar from "./010-staff-calendar";
import * as blockedBy from "./011-blocked-by";
import * as languages from "./012-languages";

export function clinicMigrations(keys: readonly DataKey[], consultationMinutes: number): Record<string, Migration> {
  return {
    "001-consultation-requests": consultationRequests,
    "002-outbox": outbox,
    "003-shared-booking-limit": sharedBookingLimit,
    "004-appointments": appointments,
    "005-privacy": privacy(keys),
    "006-diary": diary(consultationMinutes),
    "007-mail-failures": mailFailures,
    "008-staff": staff,
    "009-staff-audit": staffAudit,
    "010-staff-calendar": staffCalendar,
    "011-blocked-by": blockedBy,
    "012-languages": languages,
  };
}

export const MIGRATION_NAMES = Object.keys(clinicMigrations([], 0));
