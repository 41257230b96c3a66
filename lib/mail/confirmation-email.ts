// The patron's confirmation: what they asked for, their reference, that the clinic will confirm the slot, how to
// reach the clinic, and that this is not the way to get emergency care.
import type { SendMailOptions } from "nodemailer";
import { describeRequest } from "../booking/describe";
import type { ConsultationRequest } from "../booking/schema";
import type { ClinicSettings } from "../clinic";
import type { Config } from "../config";
import { escapeHtml } from "../html";
import { DEFAULT_LANGUAGE, LANGUAGE_TAGS, type Language } from "../i18n/languages";
import { translator } from "../i18n/messages";
import { formatIndianMobile } from "../phone";
import { htmlOf, privacyBlock, rowsTable, textOf } from "./layout";

export interface ConfirmationContext {
  reference: string;
  clinic: Pick<ClinicSettings, "name" | "phone" | "phoneDisplay" | "email">;
  config: Pick<Config, "mailFrom" | "clinicInbox" | "siteUrl">;
  /** The signed link that withdraws consent and erases the patron's details. */
  withdrawLink: string;
  /** The patron's page, where a time held for them can be changed. */
  patronLink?: string;
  /** The language the patron booked in; English unless said. */
  language?: Language;
}

export function composeConfirmationEmail(request: ConsultationRequest, context: ConfirmationContext): SendMailOptions {
  const { reference, clinic, config, withdrawLink, patronLink, language = DEFAULT_LANGUAGE } = context;
  const t = translator(language);
  const words = (key: Parameters<typeof t>[0], values?: Record<string, string>) => t(key, values);
  const privacy = privacyBlock(config.siteUrl, withdrawLink, language);
  const described = describeRequest(request, reference, false, language);
  const rows: [string, string][] = [
    [words("mail.receipt.reference"), reference],
    [words("mail.receipt.consultation"), described.mode],
    [words("mail.receipt.date"), described.date],
    [described.held ? words("mail.receipt.time") : words("mail.receipt.preferredTime"), words("mail.receipt.indiaTime", { time: described.time })],
    [words("mail.receipt.callYou"), formatIndianMobile(request.mobile)],
  ];
  const emergency = words("mail.receipt.emergency");
  const next = words(described.held ? "mail.receipt.heldNext" : "mail.receipt.next", { phone: clinic.phoneDisplay, reference });
  const dear = words("mail.receipt.dear", { name: request.fullName });
  const received = words("mail.receipt.received", { clinic: clinic.name });
  const chooseAnother = words("mail.receipt.chooseAnother");

  const text = [
    dear,
    "",
    received,
    "",
    ...rows.map(([label, value]) => `${label}: ${value}`),
    "",
    next,
    ...(patronLink ? ["", `${chooseAnother}: ${patronLink}`] : []),
    "",
    emergency,
    "",
    clinic.name,
    `${clinic.phoneDisplay} · ${clinic.email}`,
    "",
    textOf(privacy),
  ].join("\n");

  const html = `<!doctype html>
<html lang="${LANGUAGE_TAGS[language]}"><body style="font-family:system-ui,sans-serif;color:#1a1a1a;line-height:${language === DEFAULT_LANGUAGE ? "1.5" : "1.8"}">
<p>${escapeHtml(dear)}</p>
<p>${escapeHtml(received)}</p>
${rowsTable(rows)}
<p>${escapeHtml(next)}</p>
${patronLink ? `<p><a href="${escapeHtml(patronLink)}">${escapeHtml(chooseAnother)}</a></p>` : ""}
<p><strong>${escapeHtml(emergency)}</strong></p>
<p>${escapeHtml(clinic.name)}<br><a href="tel:${escapeHtml(clinic.phone)}">${escapeHtml(clinic.phoneDisplay)}</a> · ${escapeHtml(clinic.email)}</p>
${htmlOf(privacy)}
</body></html>`;

  return {
    to: { name: request.fullName, address: request.email },
    from: config.mailFrom,
    replyTo: config.clinicInbox,
    subject: words("mail.receipt.subject", { reference, date: described.date, time: described.time }),
    text,
    html,
  };
}
