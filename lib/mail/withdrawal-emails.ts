// The two emails a withdrawal of consent causes (lib/appointments/withdrawal.ts), composed after the request's details were
// erased: the patron's acknowledgement from the name and address its outbox row keeps until it is sent, the clinic's
// notice from the reference alone, so no patron detail reaches the clinic's inbox again. A consultation the withdrawal
// cancelled leaves both calendars with a CANCEL.
import type { SendMailOptions } from "nodemailer";
import type { WithdrawalEmailKind } from "../appointments/states";
import { CONSULTATION_MODES } from "../booking/rules";
import type { ClinicSettings } from "../clinic";
import type { Config } from "../config";
import { formatAppointmentTime } from "../india-time";
import type { EmailDetails } from "../store/clinic-store";
import { EMERGENCY, signature } from "./appointment-emails";
import { appointmentEvent, calendarAttachment } from "./calendar";
import { emailBodies, type EmailBlock } from "./layout";

export interface WithdrawalEmailContext {
  reference: string;
  /** What the withdrawal recorded: the time calendars have, the SEQUENCE, who asked, what it cancelled. */
  details: EmailDetails;
  clinic: Pick<ClinicSettings, "name" | "phone" | "phoneDisplay" | "email">;
  config: Pick<Config, "mailFrom" | "clinicInbox" | "siteUrl" | "consultationMinutes">;
}

function cancelEvent(context: WithdrawalEmailContext, title: string, attendee?: { name: string; email: string }) {
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
      description: `Cancelled: consent withdrawn. Reference ${reference}.`,
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
    const cancelled: EmailBlock[] =
      cancelledFrom === "confirmed"
        ? [{ text: `Your consultation on ${when} is cancelled. The attached update takes it out of your calendar.` }]
        : cancelledFrom
          ? [{ text: `Your consultation request ${reference} is withdrawn: no consultation will be arranged for it.` }]
          : [];
    return {
      to: { name: patron.fullName, address: patron.email },
      from: config.mailFrom,
      replyTo: config.clinicInbox,
      subject: `Your details have been deleted [${reference}]`,
      ...emailBodies([
        { text: `Dear ${patron.fullName},` },
        {
          text:
            "As you asked, your consent is withdrawn and your details are deleted from the clinic's booking system: " +
            "your name, mobile number, email address, the consultation you asked for and its reason.",
        },
        ...cancelled,
        {
          text:
            `Only the reference ${reference}, its dates and what happened to it are kept, with nothing that identifies you. ` +
            "This is the last email the website sends you about it; your address is deleted once it has gone.",
        },
        {
          text: `If you did not ask for this, or would like a consultation after all, book again at ${config.siteUrl}/book or call ${clinic.phoneDisplay}.`,
        },
        { strong: EMERGENCY },
        signature(context),
      ]),
      ...(cancelledFrom === "confirmed"
        ? { icalEvent: cancelEvent(context, `${CONSULTATION_MODES[patron.mode].short} consultation with ${clinic.name} [${reference}]`, { name: patron.fullName, email: patron.email }) }
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
    ...(cancelledFrom ? { icalEvent: cancelEvent(context, `Consultation withdrawn [${reference}]`) } : {}),
  };
}
