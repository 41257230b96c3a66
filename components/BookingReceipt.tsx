import type { BookingReceipt as Receipt } from "@/lib/booking/state";

export function BookingReceipt({
  receipt,
  phone,
  headingRef,
}: {
  receipt: Receipt;
  phone: { tel: string; display: string };
  headingRef?: React.Ref<HTMLHeadingElement>;
}) {
  return (
    <section className="receipt" aria-labelledby="receipt-heading">
      <h2 id="receipt-heading" tabIndex={-1} ref={headingRef}>
        {receipt.confirmed ? "Consultation booked" : "Request received"}
      </h2>
      <p>
        {receipt.confirmed
          ? `Thank you, ${receipt.fullName}. Your consultation is booked for ${receipt.date}, ${receipt.time}: a confirmation with a calendar invitation is on its way to your email.`
          : receipt.held
          ? `Thank you, ${receipt.fullName}. ${receipt.date}, ${receipt.time} is held for you; the clinic will confirm it by email.`
          : `Thank you, ${receipt.fullName}. The clinic has your request and will call or write to you to confirm the slot.`}
      </p>
      <p className="receipt__reference">
        Your reference: <strong>{receipt.reference}</strong>
      </p>
      <p>Please quote it if you call the clinic about this request.</p>
      <dl className="receipt__details">
        <dt>Consultation</dt>
        <dd>{receipt.mode}</dd>
        <dt>Preferred date</dt>
        <dd>{receipt.date}</dd>
        <dt>{receipt.held ? "Time" : "Preferred time"}</dt>
        <dd>
          {receipt.time} (India time){receipt.confirmed ? "" : receipt.held ? ", held for you" : ""}
        </dd>
        <dt>Mobile</dt>
        <dd>{receipt.mobile}</dd>
        <dt>Email</dt>
        <dd>{receipt.email}</dd>
      </dl>
      <p>
        This is not for emergencies. To change or cancel the request, call{" "}
        <a href={`tel:${phone.tel}`}>{phone.display}</a>.
      </p>
    </section>
  );
}
