// An appointment's state in words, the same on the staff page and in `npm run appointments`; and for the patron, in
// their language, on the withdrawal page.
import { appointmentTimeIn } from "../i18n/dates";
import type { Language } from "../i18n/languages";
import { translator } from "../i18n/messages";
import { formatAppointmentTime } from "../india-time";
import type { Actor, Appointment } from "./states";

const BY: Record<Actor, string> = { staff: "by the clinic", patron: "by the patron", system: "by the site" };

/** "by the clinic", "by the patron", "by the site". */
export const actorWords = (actor: Actor) => BY[actor];

/** "Confirmed for Sat 28 Nov 2026, 11:30 AM IST", "Proposed: Sat …, waiting for the patron's answer", …. */
export function describeAppointment(appointment: Appointment): string {
  const at = appointment.startsAt ? formatAppointmentTime(appointment.startsAt) : undefined;
  switch (appointment.state) {
    case "requested":
      // A time the patron picked is held for them until the clinic confirms it.
      return at ? `Requested for ${at}, held until the clinic confirms it` : "Requested: no time agreed yet";
    case "proposed":
      return `Proposed: ${at}, waiting for the patron's answer`;
    case "confirmed":
      return `Confirmed for ${at}`;
    case "declined":
      return "Declined by the clinic";
    case "cancelled":
      // A request withdrawn before a time was agreed has none.
      return `Cancelled ${BY[appointment.changedBy]}${at ? ` (was ${at})` : ""}`;
  }
}

/** The same for the patron in `language` (English reads as the staff page does): "ನಿಮ್ಮ ಉತ್ತರಕ್ಕಾಗಿ ಕಾಯುತ್ತಿದೆ", …. */
export function describeAppointmentIn(language: Language, appointment: Appointment): string {
  if (language === "en") return describeAppointment(appointment);
  const t = translator(language);
  const when = appointment.startsAt ? appointmentTimeIn(language, appointment.startsAt) : "";
  switch (appointment.state) {
    case "requested":
      return t(when ? "withdrawalPage.standings.held" : "withdrawalPage.standings.requested", { when });
    case "proposed":
      return t("withdrawalPage.standings.proposed", { when });
    case "confirmed":
      return t("withdrawalPage.standings.confirmed", { when });
    case "declined":
      return t("withdrawalPage.standings.declined");
    case "cancelled":
      return t(when ? "withdrawalPage.standings.cancelledWas" : "withdrawalPage.standings.cancelled", { by: appointment.changedBy, when });
  }
}
