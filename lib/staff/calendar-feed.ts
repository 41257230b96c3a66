// Each staff member's private calendar to subscribe to: an address ending .ics whose token is the key (kept in the
// database as its hash; replacing it ends the old address). It lists the appointments held and confirmed from today
// to the booking horizon, as they stand whenever the calendar asks, under the emails' UIDs; each names the reference,
// the mode, the patron's first name and the staff page's link, never the reason or the patron's number.
import { BOOKING_DAYS_AHEAD, CONSULTATION_MODES } from "../booking/rules";
import { getClinic } from "../clinic";
import { getConfig } from "../config";
import { addDays, indiaClock, indiaInstant } from "../india-time";
import { videoLinkFor } from "../mail/appointment-emails";
import { staffCalendarFeed, type FeedEvent } from "../mail/calendar";
import type { ClinicStore } from "../store/clinic-store";
import type { StaffMember } from "../store/staff-store";
import { hashToken, isToken, newToken } from "./tokens";

export const CALENDAR_PATH = "/staff/calendar";

/** Makes `member` a new feed address; the old one stops working. */
export async function replaceCalendarLink(store: ClinicStore, member: StaffMember): Promise<string> {
  const token = newToken();
  await store.replaceCalendarToken(member.id, hashToken(token));
  return `${getConfig().siteUrl}${CALENDAR_PATH}/${token}.ics`;
}

/** The feed the address's last part (`<token>.ics`) opens at `now`, or undefined for none. */
export async function calendarFeed(store: ClinicStore, file: string, now: Date): Promise<string | undefined> {
  const token = file.endsWith(".ics") ? file.slice(0, -4) : undefined;
  if (!isToken(token)) return undefined;
  const member = await store.memberByCalendarToken(hashToken(token));
  if (!member) return undefined;
  const config = getConfig();
  const today = indiaClock(now).date;
  const { holds } = await store.diaryBetween(indiaInstant(today, "00:00"), indiaInstant(addDays(today, BOOKING_DAYS_AHEAD + 1), "00:00"));
  const events: FeedEvent[] = [];
  for (const hold of holds) {
    const stored = await store.findRequest(hold.reference);
    const startsAt = stored?.appointment.startsAt;
    if (!stored?.request || !startsAt) continue;
    const { request, appointment } = stored;
    const firstName = request.fullName.split(/\s+/)[0];
    const mode = CONSULTATION_MODES[request.mode];
    const waiting = appointment.state !== "confirmed";
    const page = `${config.siteUrl}/staff/appointments/${hold.reference}`;
    events.push({
      reference: hold.reference,
      startsAt,
      minutes: config.consultationMinutes,
      sequence: appointment.sequence,
      title: `${mode.short} consultation${waiting ? " (to confirm)" : ""}: ${firstName} [${hold.reference}]`,
      description: `${mode.label} with ${firstName}, ${hold.reference}. ${waiting ? "Not confirmed yet. " : ""}Open it in the staff area: ${page}`,
      location: request.mode === "video" ? videoLinkFor(config, hold.reference) : undefined,
      tentative: waiting,
    });
  }
  return staffCalendarFeed(events, `${getClinic().name}: consultations`, { name: getClinic().name, mailFrom: config.mailFrom });
}
