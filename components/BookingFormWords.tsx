// The booking form's words in a language, as the server hands them to the form (a client component): its plain
// texts (lib/booking/form-text.ts), and the two sentences with links, rendered here so no translator reaches the browser.
import { bookingFormText } from "@/lib/booking/form-text";
import { getClinic } from "@/lib/clinic";
import { pathIn, type Language } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";
import type { BookingFormProps } from "./BookingForm";

export function bookingFormWords(language: Language): Pick<BookingFormProps, "text" | "timesPath" | "consent" | "afterSubmit"> {
  const clinic = getClinic();
  const t = translator(language);
  return {
    text: bookingFormText(language, clinic.hours),
    timesPath: pathIn(language, "/book/times"),
    consent: t.rich("booking.consent", {
      privacy: (chunks) => (
        // A new tab, so the answers above stay in this one while the patron reads.
        <a href={pathIn(language, "/privacy")} target="_blank" rel="noopener">
          {chunks}
        </a>
      ),
    }),
    afterSubmit: t.rich("booking.afterSubmit", {
      phone: clinic.phoneDisplay,
      call: (chunks) => (
        <a href={`tel:${clinic.phone}`} className="phone">
          {chunks}
        </a>
      ),
    }),
  };
}
