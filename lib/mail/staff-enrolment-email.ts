// The email that brings a staff member their one-time link to create a passkey: who it is for, the link, and until
// when it works. It says plainly that the clinic never asks for a password.
import type { SendMailOptions } from "nodemailer";
import type { Config } from "../config";
import { formatIndiaTimestamp } from "../india-time";
import { emailBodies } from "./layout";

export interface StaffEnrolmentEmailContext {
  enrolment: { name: string; email: string; link: string; expiresAt: number };
  clinicName: string;
  config: Pick<Config, "mailFrom">;
}

export function composeStaffEnrolmentEmail({ enrolment, clinicName, config }: StaffEnrolmentEmailContext): SendMailOptions {
  const until = formatIndiaTimestamp(new Date(enrolment.expiresAt));
  return {
    to: enrolment.email,
    from: config.mailFrom,
    subject: `Your passkey for ${clinicName}'s staff area`,
    ...emailBodies([
      { strong: `${enrolment.name}, create your passkey for the staff area.` },
      {
        text:
          "Open this link on the phone or computer you will use, press 'Create a passkey', and unlock it with your " +
          `fingerprint, face or PIN. The link works once, until ${until}.`,
      },
      { link: "Create a passkey", href: enrolment.link },
      { text: "There is no password. If you did not expect this email, ignore it: the link signs nobody in by itself." },
    ]),
  };
}
