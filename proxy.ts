// Turns away a booking post too large to be a person's before Next.js reads it: Next.js enforces the same limit
// (next.config.ts) but answers it with a 500, and a patron or a monitor should see a clear 413.
import { NextResponse, type NextRequest } from "next/server";
import { BOOKING_BODY_LIMIT_BYTES } from "@/lib/booking/rules";

export function proxy(request: NextRequest) {
  if (request.method === "POST" && Number(request.headers.get("content-length")) > BOOKING_BODY_LIMIT_BYTES) {
    return new NextResponse(
      "This request is far larger than a booking can be, so it was not read. Please shorten what you wrote.",
      { status: 413, headers: { "Content-Type": "text/plain; charset=utf-8", Connection: "close" } },
    );
  }
  return NextResponse.next();
}

export const config = { matcher: "/book" };
