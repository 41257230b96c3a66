// The patron's confirmation: what they asked for, their reference, that the clinic will confirm the slot, how to
// reach the clinic, and that this is not the way to get emergency care.
import type { SendMailOptions } from "nodemailer";
import { describeRequest } from "../booking/describe";
import type { ConsultationRequest } from "../booking/schema";
import type { ClinicSettings } from "../clinic";
import type { Config } from "../config";
import { escapeHtml } from "../html";
import { htmlOf, privacyBlock, rowsTable, textOf } from "./layout";

export interface ConfirmationContext {
  reference: string;
  clinic: Pick<ClinicSettings, "name" | "phone" | "phoneDisplay" | "email">;
  config: Pick<Config, "mailFrom" | "clinicInbox" | "siteUrl">;
  /** The signed link that withdraws consent and erases the patron's details. */
  withdrawLink: string;
  /** The patron's page, where a time held for them can be changed. */
  patronLink?: string;
}

export function composeConfirmationEmail(request: ConsultationRequest, context: ConfirmationContext): SendMailOptions {
  const { reference, clinic, config, withdrawLink, patronLink } = context;
  const privacy = privacyBlock(config.siteUrl, withdrawLink);
  const described = describeRequest(request, reference);
  const rows: [string, string][] = [
    ["Reference", reference],
    ["Consultation", described.mode],
    ["Preferred date", described.date],
    [described.held ? "Time" : "Preferred time", `${described.time} (India time)`],
    ["We will call you on", request.mobile],
  ];
  const emergency =
    "This is not for emergencies. If you need urgent care, go to the nearest hospital emergency department or call 112.";
  const next = described.held
    ? `This time is held for you; the clinic will confirm it by email. To change or cancel, call ${clinic.phoneDisplay} or reply to this email, quoting ${reference}.`
    : `The clinic will call or write to you to confirm the slot. To change or cancel, call ${clinic.phoneDisplay} or reply to this email, quoting ${reference}.`;

  const text = [
    `Dear ${request.fullName},`,
    "",
    `Thank you. ${clinic.name} has received your consultation request.`,
    "",
    ...rows.map(([label, value]) => `${label}: ${value}`),
    "",
    next,
    ...(patronLink ? ["", `Choose another time: ${patronLink}`] : []),
    "",
    emergency,
    "",
    clinic.name,
    `${clinic.phoneDisplay} · ${clinic.email}`,
    "",
    textOf(privacy),
  ].join("\n");

  const html = `<!doctype html>
<html><body style="font-family:system-ui,sans-serif;color:#1a1a1a;line-height:1.5">
<p>Dear ${escapeHtml(request.fullName)},</p>
<p>Thank you. ${escapeHtml(clinic.name)} has received your consultation request.</p>
${rowsTable(rows)}
<p>${escapeHtml(next)}</p>
${patronLink ? `<p><a href="${escapeHtml(patronLink)}">Choose another time</a></p>` : ""}
<p><strong>${escapeHtml(emergency)}</strong></p>
<p>${escapeHtml(clinic.name)}<br><a href="tel:${escapeHtml(clinic.phone)}">${escapeHtml(clinic.phoneDisplay)}</a> · ${escapeHtml(clinic.email)}</p>
${htmlOf(privacy)}
</body></html>`;

  return {
    to: { name: request.fullName, address: request.email },
    from: config.mailFrom,
    replyTo: config.clinicInbox,
    subject: `Your consultation request ${reference}: ${described.date}, ${described.time}`,
    text,
    html,
  };
}
