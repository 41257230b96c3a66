// The words the patron's "Choose another time" form shows (a client component), in the page's language, as plain data
// the server hands it: the legend naming the date, the button, and the booking form's own names for the parts of the
// day. The times' labels come with the day's free times (lib/booking/free-times.ts dayTimes).
import type { Language } from "../i18n/languages";
import { translator } from "../i18n/messages";

export interface MoveFormText {
  legend: string;
  submit: string;
  parts: { morning: string; afternoon: string; evening: string };
}

export function moveFormText(language: Language, dateLabel: string): MoveFormText {
  const t = translator(language);
  return {
    legend: t("appointmentPage.move.free", { date: dateLabel }),
    submit: t("appointmentPage.move.submit"),
    parts: { morning: t("booking.times.morning"), afternoon: t("booking.times.afternoon"), evening: t("booking.times.evening") },
  };
}
