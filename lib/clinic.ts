// The clinic's settings (content/clinic.md): name, contact, hours and the notice, checked once and shared.
import path from "node:path";
import { z } from "zod";
import { CONTENT_DIR, readContentFile } from "./content-file";

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time such as "10:00"' });

const clinicSettingsSchema = z.strictObject({
  name: z.string().min(1),
  specialty: z.string().min(1),
  locality: z.string().min(1),
  website: z.url({ protocol: /^https?$/ }),
  phone: z.string().regex(/^\+91[6-9]\d{9}$/, { error: "must be +91 followed by a 10-digit mobile number" }),
  phoneDisplay: z.string().min(1),
  email: z.email(),
  hours: z.strictObject({
    days: z.string().min(1),
    opens: clockTime,
    closes: clockTime,
    closedOn: z.string().min(1),
  }),
  visits: z.string().min(1),
  closingLine: z.string().min(1),
  streetAddress: z.string().min(1).nullable(),
  qualifications: z.string().min(1).nullable(),
  // Who answers questions about patrons' personal data (DPDP Rules, rule 9); null until the clinic names them.
  privacyContact: z
    .strictObject({
      name: z.string().trim().min(1),
      email: z.email().optional(),
      phone: z.string().regex(/^\+91\d{10}$/, { error: "must be +91 followed by 10 digits" }).optional(),
    })
    .nullable(),
  notice: z.strictObject({
    show: z.boolean(),
    heading: z.string().min(1),
    text: z.string().min(1),
  }),
});

export type ClinicSettings = z.output<typeof clinicSettingsSchema>;

let settings: ClinicSettings | undefined;

export function getClinic(): ClinicSettings {
  settings ??= readContentFile(path.join(CONTENT_DIR, "clinic.md"), clinicSettingsSchema).data;
  return settings;
}

/** The notice as the clinic wrote it, one paragraph a line. */
export function noticeParagraphs(notice: ClinicSettings["notice"]): string[] {
  return notice.text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}
