import { calendarFeed } from "@/lib/staff/calendar-feed";
import { getStore } from "@/lib/store";

// A staff member's private calendar feed, fetched by their calendar program: the address's token is the key (no
// session: calendar programs have none). Only reads; never cached, as appointments change at any moment.
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const feed = await calendarFeed(await getStore(), (await params).file, new Date());
  const headers = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow" };
  if (!feed) return new Response("No such calendar: its address may have been replaced in the staff area.", { status: 404, headers });
  return new Response(feed, { headers: { ...headers, "Content-Type": "text/calendar; charset=utf-8" } });
}
