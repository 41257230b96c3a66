import { NextResponse } from "next/server";
import { dayTimes } from "@/lib/booking/free-times";
import { getStore } from "@/lib/store";

// A date's free times for the booking form, as it loads them when the date changes (JavaScript on). Reading only;
// never cached, since a time can be taken at any moment.
export async function GET(request: Request) {
  const headers = { "Cache-Control": "no-store" };
  const date = new URL(request.url).searchParams.get("date") ?? "";
  try {
    return NextResponse.json(await dayTimes(await getStore(), date.slice(0, 10), new Date()), { headers });
  } catch (error) {
    console.error(`[booking] the free times could not be read: ${(error as Error).message}`);
    return NextResponse.json({ error: "The free times could not be read just now." }, { status: 503, headers });
  }
}
