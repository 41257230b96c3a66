// What the pages that links open do, for app/staff/requests and app/appointments: check the link, load the request,
// and turn a form's POST into a change. A link only opens a page; the change is made by the form's POST, and only if
// the request still stands as the page showed it.
import { diaryRules, pickedTimeProblem } from "../booking/free-times";
import { slotProblemIn } from "../booking/form-text";
import { getClinic } from "../clinic";
import { getConfig } from "../config";
import { DEFAULT_LANGUAGE, pathIn, type Language } from "../i18n/languages";
import { translator } from "../i18n/messages";
import { indiaInstant, isCalendarDate } from "../india-time";
import { getLinkKeys, LINK_PAGES, verifyLink, type LinkPurpose } from "../links";
import { getStore } from "../store";
import type { StoredRequest } from "../store/clinic-store";
import type { ActionFormState } from "./form-choices";
import { formValues, readLanguage, readPatronForm, readSequence, readStaffForm } from "./forms";
import { changeAppointment, type ChangeResult } from "./index";
import type { AppointmentChange } from "./states";

export type LinkPage =
  | { found: true; reference: string; stored: StoredRequest & { request: NonNullable<StoredRequest["request"]> } }
  /**
   * proxy.ts has already answered forged (404) and expired (410) links; here "forged" is a signed link to no request
   * (404), and "erased" one whose details were erased, which the page tells.
   */
  | { found: false; reason: "forged" | "expired" | "erased" };

export async function openLinkPage(purpose: LinkPurpose, token: string, now: Date): Promise<LinkPage> {
  const check = verifyLink(getLinkKeys(), token, purpose, now);
  if (!check.valid) return { found: false, reason: check.reason };
  const stored = await (await getStore()).findRequest(check.reference);
  if (!stored) return { found: false, reason: "forged" };
  if (!stored.request) return { found: false, reason: "erased" };
  return { found: true, reference: check.reference, stored: { ...stored, request: stored.request } };
}

/** What a form's POST led to: back to the page (showing what was done or where things stand), or the form again. */
export type LinkAction = { showPage: string } | { state: ActionFormState };

/** The word the page shows a notice for after a POST: what was done, or "unchanged" when it had been done already. */
export type DoneNotice =
  | "confirmed"
  | "proposed"
  | "declined"
  | "cancelled"
  | "moved"
  | "accept-proposal"
  | "decline-proposal"
  | "unchanged";

const NOT_SAVED = (phone: string) => `Sorry, this could not be saved just now. Nothing was changed. Please try again, or call ${phone}.`;

// Staff pages are in English, as are the state machine's refusals; a patron's page says them in its own language.
const notSavedIn = (language: Language, phone: string) =>
  language === DEFAULT_LANGUAGE ? NOT_SAVED(phone) : translator(language)("appointmentPage.refusals.notSaved", { phone });

function refusalIn(language: Language, refused: Extract<ChangeResult, { status: "refused" }>): string {
  return language === DEFAULT_LANGUAGE ? refused.refusal : translator(language)(`appointmentPage.refusals.why.${refused.why}`);
}

async function act(
  purpose: LinkPurpose,
  token: string,
  formData: FormData,
  readChange: (now: Date, reference: string) => Promise<{ change: AppointmentChange } | { state: ActionFormState }>,
  phone: string,
  now: Date,
  language: Language = DEFAULT_LANGUAGE,
): Promise<LinkAction> {
  // Back to the page in the language it was read in (staff pages have only English).
  const page = `${pathIn(language, LINK_PAGES[purpose])}/${token}`;
  // A forged or expired link's POST changes nothing: its page says why.
  const check = verifyLink(getLinkKeys(), token, purpose, now);
  if (!check.valid) return { showPage: page };
  return changeFromForm(check.reference, page, formData, readChange, phone, now, language);
}

/**
 * Makes the change a form asks for to `reference`, whoever was found allowed to (a signed link, or a signed-in staff
 * member), and says where to go next: `page` with a notice, or the form again with why not.
 */
async function changeFromForm(
  reference: string,
  page: string,
  formData: FormData,
  readChange: (now: Date, reference: string) => Promise<{ change: AppointmentChange } | { state: ActionFormState }>,
  phone: string,
  now: Date,
  language: Language,
  memberId?: string,
): Promise<LinkAction> {
  const sequence = readSequence(formData);
  if (sequence === undefined) return { showPage: page };
  try {
    const read = await readChange(now, reference);
    if ("state" in read) return read;
    const result = await changeAppointment(reference, read.change, sequence, now, memberId);
    if (result.status === "changed") {
      return { showPage: `${page}?done=${noticeOf(read.change)}` };
    }
    if (result.status === "refused") {
      return { state: { intent: read.change.type, errors: {}, refusal: refusalIn(language, result), values: formValues(formData) } };
    }
    return { showPage: `${page}?done=unchanged` };
  } catch (error) {
    console.error(`[appointments] a change could not be saved: ${(error as Error).message}`);
    return { state: { intent: String(formData.get("intent") ?? ""), errors: {}, refusal: notSavedIn(language, phone), values: formValues(formData) } };
  }
}

function noticeOf(change: AppointmentChange): DoneNotice {
  switch (change.type) {
    case "confirm":
      return "confirmed";
    case "propose":
      return "proposed";
    case "decline":
      return "declined";
    case "cancel":
      return "cancelled";
    case "move":
      return "moved";
    case "accept-proposal":
    case "decline-proposal":
      return change.type;
    case "withdraw":
      throw new Error("consent is withdrawn on its own page (lib/appointments/withdrawal.ts)");
  }
}

/** A patron's choice of another time, checked against the diary as a booking's is; what is wrong in `language`. */
async function readMove(formData: FormData, now: Date, language: Language): Promise<{ change: AppointmentChange } | { state: ActionFormState }> {
  const t = translator(language);
  const values = formValues(formData);
  if (!isCalendarDate(values.date)) return { state: { intent: "move", errors: { date: t("appointmentPage.refusals.chooseDate") }, values } };
  if (!values.time) return { state: { intent: "move", errors: { time: t("appointmentPage.refusals.chooseTime") }, values } };
  const problem = await pickedTimeProblem(await getStore(), values.date, values.time, now);
  if (problem) return { state: { intent: "move", errors: { time: slotProblemIn(language, problem, values.date, diaryRules(), now) }, values } };
  const confirmation = getConfig().bookingConfirmation;
  return { change: { type: "move", startsAt: indiaInstant(values.date, values.time), by: "patron", confirmation } };
}

const readStaffChange = (formData: FormData) => async (at: Date) => readStaffForm(formData, getConfig().consultationMinutes, at, getClinic().hours);

export function actAsStaff(token: string, formData: FormData, phone: string, now: Date): Promise<LinkAction> {
  return act("staff", token, formData, readStaffChange(formData), phone, now, DEFAULT_LANGUAGE);
}

/**
 * The same staff forms posted from the staff area by a signed-in member (whose session the caller checked): the same
 * change, by the same code, as from the email's link, with the member named in the audit trail; back to `page`.
 */
export function actAsSignedInStaff(
  reference: string,
  page: string,
  formData: FormData,
  phone: string,
  now: Date,
  memberId: string,
): Promise<LinkAction> {
  return changeFromForm(reference, page, formData, readStaffChange(formData), phone, now, DEFAULT_LANGUAGE, memberId);
}

/** A patron's form from their page, answered in the page's language (the form's "language"). */
export function actAsPatron(token: string, formData: FormData, phone: string, now: Date): Promise<LinkAction> {
  const language = readLanguage(formData);
  return act(
    "patron",
    token,
    formData,
    async (at) => {
      if (formData.get("intent") === "move") return readMove(formData, at, language);
      const change = readPatronForm(formData);
      return change
        ? { change }
        : { state: { errors: {}, refusal: translator(language)("appointmentPage.refusals.notUnderstood"), values: {} } };
    },
    phone,
    now,
    language,
  );
}
