import { randomUUID } from "node:crypto";
import { connection } from "next/server";
import { BookingForm } from "@/components/BookingForm";
import { dayTimes } from "@/lib/booking/free-times";
import { bookableDates } from "@/lib/booking/schema";
import type { BookingState } from "@/lib/booking/state";
import { getClinic } from "@/lib/clinic";
import { openDays } from "@/lib/diary";
import { pageMetadata } from "@/lib/page-metadata";
import { getStore } from "@/lib/store";
import { requestConsultation } from "./actions";

/** The form on `date`, with its free times; without them if the diary cannot be read just now. */
async function openOn(date: string, now: Date): Promise<BookingState> {
  try {
    return { status: "editing", values: { preferredDate: date }, errors: {}, times: await dayTimes(await getStore(), date, now) };
  } catch (error) {
    console.error(`[booking] the free times could not be read: ${(error as Error).message}`);
    return { status: "editing", values: { preferredDate: date }, errors: {} };
  }
}

export const metadata = pageMetadata({
  title: "Book a tele or video consultation",
  description: "Book a phone or video consultation with Dr. Divya Sharma, dermatologist: pick a free time, held for you until the clinic confirms it.",
  path: "/book",
});

export default async function BookPage({ searchParams }: { searchParams: Promise<{ date?: string | string[] }> }) {
  // The dates a patron may choose depend on today's date in India: render on each request.
  await connection();
  const now = new Date();
  const { first, last } = bookableDates(now);
  const clinic = getClinic();
  // /book?date=YYYY-MM-DD opens the form on that date's free times; a date that is not one says so there.
  const { date } = await searchParams;
  const initialState = typeof date === "string" ? await openOn(date.slice(0, 10), now) : undefined;
  return (
    <>
      <h1>Book a tele or video consultation</h1>
      <p className="lead">
        Tell us how you would like to consult the doctor and pick a free time: it is held for you until the clinic
        confirms it by email. You can also call <a href={`tel:${clinic.phone}`}>{clinic.phoneDisplay}</a> or write to{" "}
        <a href={`mailto:${clinic.email}`}>{clinic.email}</a>.
      </p>
      <BookingForm
        action={requestConsultation}
        requestKey={randomUUID()}
        firstDate={first}
        lastDate={last}
        phone={{ tel: clinic.phone, display: clinic.phoneDisplay }}
        renderedAt={now.getTime()}
        openDays={openDays(clinic.hours)}
        initialState={initialState}
      />
    </>
  );
}
