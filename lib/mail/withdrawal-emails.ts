// The two emails a withdrawal of consent causes (lib/appointments/withdrawal.ts), composed after the request's details were
// erased: the patron's acknowledgement from the name and address its outbox row keeps until it is sent, the clinic's
// notice from the reference alone, so no patron detail reaches the clinic's inbox again. A consultation the withdrawal
// cancelled leaves both calendars with a CANCEL. The acknowledgement is in the language the patron booked in, which
// the withdrawal recorded with it; the clinic's notice is in English.
import type { SendMailOptions } from "nodemailer";
import type { WithdrawalEmailKind } from "../appointments/states";
import type { ClinicSettings } from "../clinic";
import type { Config } from "../config";
import { appointmentTimeIn } from "../i18n/dates";
import { DEFAULT_LANGUAGE, pathIn } from "../i18n/languages";
import { translator } from "../i18n/messages";
import { formatAppointmentTime } from "../india-time";
import type { EmailDetails } from "../store/clinic-store";
import { signature } from "./appointment-emails";
import { appointmentEvent, calendarAttachment } from "./calendar";
import { emailBodies, type EmailBlock } from "./layout";

export interface WithdrawalEmailContext {
  reference: string;
  /** What the withdrawal recorded: the time calendars have, the SEQUENCE, who asked, what it cancelled. */
  details: EmailDetails;
  clinic: Pick<ClinicSettings, "name" | "phone" | "phoneDisplay" | "email">;
  config: Pick<Config, "mailFrom" | "clinicInbox" | "siteUrl" | "consultationMinutes">;
}

function cancelEvent(context: WithdrawalEmailContext, title: string, description: string, attendee?: { name: string; email: string }) {
  const { reference, details, clinic, config } = context;
  return calendarAttachment(
    "CANCEL",
    reference,
    appointmentEvent({
      method: "CANCEL",
      reference,
      attendee,
      startsAt: new Date(details.startsAt!),
      minutes: config.consultationMinutes,
      sequence: details.sequence ?? 1,
      organizer: { name: clinic.name, mailFrom: config.mailFrom },
      title,
      description,
    }),
  );
}

/** Composes `kind`; null when the acknowledgement has no address left to go to (it was erased by the sweep). */
export function composeWithdrawalEmail(kind: WithdrawalEmailKind, context: WithdrawalEmailContext): SendMailOptions | null {
  const { reference, details, clinic, config } = context;
  const when = details.startsAt === undefined ? "" : formatAppointmentTime(new Date(details.startsAt));
  const { cancelledFrom } = details;

  if (kind === "patron-withdrawn") {
    const patron = details.patron;
    if (!patron) return null;
    const language = details.language ?? DEFAULT_LANGUAGE;
    const t = translator(language);
    const patronWhen = details.startsAt === undefined ? "" : appointmentTimeIn(language, new Date(details.startsAt));
    const cancelled: EmailBlock[] =
      cancelledFrom === "confirmed"
        ? [{ text: t("mail.withdrawn.cancelled", { when: patronWhen }) }]
        : cancelledFrom
          ? [{ text: t("mail.withdrawn.requestWithdrawn", { reference }) }]
          : [];
    const title = t("mail.calendar.withClinic", { mode: t(`mail.calendar.mode.${patron.mode}`), clinic: clinic.name, reference });
    return {
      to: { name: patron.fullName, address: patron.email },
      from: config.mailFrom,
      replyTo: config.clinicInbox,
      subject: t("mail.withdrawn.subject", { reference }),
      ...emailBodies(
        [
          { text: t("mail.receipt.dear", { name: patron.fullName }) },
          { text: t("mail.withdrawn.deleted") },
          ...cancelled,
          { text: t("mail.withdrawn.kept", { reference }) },
          { text: t("mail.withdrawn.bookAgain", { url: `${config.siteUrl}${pathIn(language, "/book")}`, phone: clinic.phoneDisplay }) },
          { strong: t("mail.receipt.emergency") },
          signature(context),
        ],
        language,
      ),
      ...(cancelledFrom === "confirmed"
        ? { icalEvent: cancelEvent(context, title, t("mail.calendar.withdrawn", { reference }), { name: patron.fullName, email: patron.email }) }
        : {}),
    };
  }

  const asked =
    details.by === "staff"
      ? `The details of request ${reference} were deleted by staff (npm run outbox -- erase), as the patron asked.`
      : `The patron of request ${reference} withdrew their consent from the link in the clinic's email: their details are deleted from the booking system.`;
  const cancelled: EmailBlock[] =
    cancelledFrom === "confirmed"
      ? [{ text: `Their consultation on ${when} is cancelled. The attached update takes it out of your calendar.` }]
      : cancelledFrom
        ? [{ text: "The request is withdrawn. The attached update takes its event out of your calendar." }]
        : [];
  return {
    to: config.clinicInbox,
    from: config.mailFrom,
    subject: `Consent withdrawn, details deleted${cancelledFrom === "confirmed" ? `: consultation ${when} cancelled` : ""} [${reference}]`,
    ...emailBodies([
      { text: asked },
      ...cancelled,
      {
        text:
          `Please delete what the clinic keeps of this patron elsewhere because of this request, such as the earlier emails about ${reference} in this inbox. ` +
          "The patron has been sent a last email saying their details are deleted.",
      },
    ]),
    ...(cancelledFrom ? { icalEvent: cancelEvent(context, `Consultation withdrawn [${reference}]`, translator(DEFAULT_LANGUAGE)("mail.calendar.withdrawn", { reference })) } : {}),
  };
}
