import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { connection } from "next/server";
import { BookingForm } from "@/components/BookingForm";
import { bookingFormWords } from "@/components/BookingFormWords";
import { PageLanguages } from "@/components/LanguageSwitcher";
import { dayTimes } from "@/lib/booking/free-times";
import { bookableDates } from "@/lib/booking/schema";
import type { BookingState } from "@/lib/booking/state";
import { getClinic } from "@/lib/clinic";
import type { Language } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";
import { pageLanguage } from "@/lib/i18n/page-language";
import { pageMetadata } from "@/lib/page-metadata";
import { getStore } from "@/lib/store";
import { requestConsultation } from "./actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ date?: string | string[] }> };

/** The form on `date`, with its free times; without them if the diary cannot be read just now. */
async function openOn(date: string, now: Date, language: Language): Promise<BookingState> {
  try {
    const times = await dayTimes(await getStore(), date, now, language);
    return { status: "editing", values: { preferredDate: date }, errors: {}, times };
  } catch (error) {
    console.error(`[booking] the free times could not be read: ${(error as Error).message}`);
    return { status: "editing", values: { preferredDate: date }, errors: {} };
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const language = await pageLanguage(params);
  const t = translator(language);
  return pageMetadata({ title: t("booking.title"), description: t("booking.description"), path: "/book", language, translated: true });
}

export default async function BookPage({ params, searchParams }: Props) {
  const language = await pageLanguage(params);
  // The dates a patron may choose depend on today's date in India: render on each request.
  await connection();
  const now = new Date();
  const { first, last } = bookableDates(now);
  const clinic = getClinic();
  const t = translator(language);
  const call = (chunks: React.ReactNode) => (
    <a href={`tel:${clinic.phone}`} className="phone">
      {chunks}
    </a>
  );
  // /book?date=YYYY-MM-DD opens the form on that date's free times; a date that is not one says so there.
  const { date } = await searchParams;
  const initialState = typeof date === "string" ? await openOn(date.slice(0, 10), now, language) : undefined;
  return (
    <>
      <PageLanguages language={language} path="/book" />
      <h1>{t("booking.title")}</h1>
      <p className="lead">
        {t.rich("booking.lead", {
          phone: clinic.phoneDisplay,
          email: clinic.email,
          call,
          mail: (chunks) => <a href={`mailto:${clinic.email}`}>{chunks}</a>,
        })}
      </p>
      <BookingForm
        action={requestConsultation.bind(null, language)}
        requestKey={randomUUID()}
        firstDate={first}
        lastDate={last}
        phone={{ tel: clinic.phone, display: clinic.phoneDisplay }}
        renderedAt={now.getTime()}
        initialState={initialState}
        {...bookingFormWords(language)}
      />
    </>
  );
}
