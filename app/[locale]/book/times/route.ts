import { NextResponse } from "next/server";
import { dayTimes } from "@/lib/booking/free-times";
import { DEFAULT_LANGUAGE, isLanguage } from "@/lib/i18n/languages";
import { getStore } from "@/lib/store";

// A date's free times for the booking form, as it loads them when the date changes (JavaScript on), in the page's
// language (/kn/book/times). Reading only; never cached, since a time can be taken at any moment.
export async function GET(request: Request, { params }: { params: Promise<{ locale: string }> }) {
  const headers = { "Cache-Control": "no-store" };
  const { locale } = await params;
  const language = isLanguage(locale) ? locale : DEFAULT_LANGUAGE;
  const date = new URL(request.url).searchParams.get("date") ?? "";
  try {
    return NextResponse.json(await dayTimes(await getStore(), date.slice(0, 10), new Date(), language), { headers });
  } catch (error) {
    console.error(`[booking] the free times could not be read: ${(error as Error).message}`);
    // The form does not show it: without an answer, its "Show free times" button still works.
    return NextResponse.json({ error: "The free times could not be read just now." }, { status: 503, headers });
  }
}
