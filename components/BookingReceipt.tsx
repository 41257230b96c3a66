import type { BookingFormText } from "@/lib/booking/form-text";
import type { BookingReceipt as Receipt } from "@/lib/booking/state";
import { fill, splitTag } from "@/lib/i18n/fill";

export function BookingReceipt({
  receipt,
  phone,
  words,
  headingRef,
}: {
  receipt: Receipt;
  phone: { tel: string; display: string };
  /** The receipt's words in the page's language. */
  words: BookingFormText["receipt"];
  headingRef?: React.Ref<HTMLHeadingElement>;
}) {
  const values = { name: receipt.fullName, date: receipt.date, time: receipt.time, phone: phone.display };
  const [beforeCall, call, afterCall] = splitTag(fill(words.notEmergencies, values), "call");
  return (
    <section className="receipt" aria-labelledby="receipt-heading">
      <h2 id="receipt-heading" tabIndex={-1} ref={headingRef}>
        {receipt.confirmed ? words.booked : words.received}
      </h2>
      <p>{fill(receipt.confirmed ? words.bookedText : receipt.held ? words.heldText : words.receivedText, values)}</p>
      <p className="receipt__reference">
        {words.reference} <strong>{receipt.reference}</strong>
      </p>
      <p>{words.quote}</p>
      <dl className="receipt__details">
        <dt>{words.consultation}</dt>
        <dd>{receipt.mode}</dd>
        <dt>{words.date}</dt>
        <dd>{receipt.date}</dd>
        <dt>{receipt.held ? words.time : words.preferredTime}</dt>
        <dd>{fill(receipt.held && !receipt.confirmed ? words.indiaTimeHeld : words.indiaTime, values)}</dd>
        <dt>{words.mobile}</dt>
        <dd className="phone">{receipt.mobile}</dd>
        <dt>{words.email}</dt>
        <dd>{receipt.email}</dd>
      </dl>
      <p>
        {beforeCall}
        <a href={`tel:${phone.tel}`} className="phone">
          {call}
        </a>
        {afterCall}
      </p>
    </section>
  );
}
