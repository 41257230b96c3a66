import { randomUUID } from "node:crypto";
import { connection } from "next/server";
import { BookingForm } from "@/components/BookingForm";
import { bookableDates } from "@/lib/booking/schema";
import { getClinic } from "@/lib/clinic";
import { pageMetadata } from "@/lib/page-metadata";
import { requestConsultation } from "./actions";

export const metadata = pageMetadata({
  title: "Book a tele or video consultation",
  description: "Request a phone or video consultation with Dr. Divya Sharma, dermatologist. The clinic calls you to confirm the slot.",
  path: "/book",
});

export default async function BookPage() {
  // The dates a patron may choose depend on today's date in India: render on each request.
  await connection();
  const now = new Date();
  const { first, last } = bookableDates(now);
  const clinic = getClinic();
  return (
    <>
      <h1>Book a tele or video consultation</h1>
      <p className="lead">
        Tell us how and when you would like to consult the doctor. The clinic will call or write to you to confirm the
        slot. You can also call <a href={`tel:${clinic.phone}`}>{clinic.phoneDisplay}</a> or write to{" "}
        <a href={`mailto:${clinic.email}`}>{clinic.email}</a>.
      </p>
      <BookingForm
        action={requestConsultation}
        requestKey={randomUUID()}
        firstDate={first}
        lastDate={last}
        phone={{ tel: clinic.phone, display: clinic.phoneDisplay }}
        renderedAt={now.getTime()}
      />
    </>
  );
}
