// The booking form's fields for telling bots from people: a honeypot no person sees or reaches, and when the form
// was rendered. Neither is read out by screen readers.
import { HONEYPOT_FIELD, RENDERED_AT_FIELD } from "@/lib/booking/bot-fields";

export function BookingBotFields({ renderedAt }: { renderedAt: number }) {
  return (
    <>
      <input type="hidden" name={RENDERED_AT_FIELD} value={renderedAt} />
      <div className="visually-hidden" aria-hidden="true">
        <label htmlFor={HONEYPOT_FIELD}>Your website</label>
        <input type="text" id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
    </>
  );
}
