// Turns away booking posts Next.js would answer with a 500 before it reads them: one from another site (Next.js
// refuses a foreign Origin too, but as a server error), one too large to be a person's or of no declared length
// (Next.js enforces the same limit, next.config.ts, but as a server error), and a form body that cannot be parsed.
// A person or a monitor sees a clear 4xx instead, and the log is not filled with Next.js's stack traces.
import { NextResponse, type NextRequest } from "next/server";
import { BOOKING_BODY_LIMIT_BYTES } from "@/lib/booking/rules";
import { getConfig } from "@/lib/config";

/** The hosts a booking may be posted from: the one the request was sent to, and the site's public one. */
function fromThisSite(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const own = [request.headers.get("x-forwarded-host"), request.headers.get("host"), new URL(getConfig().siteUrl).host];
  return own.includes(host);
}

function refuse(status: number, message: string) {
  return new NextResponse(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export async function proxy(request: NextRequest) {
  if (request.method !== "POST") return NextResponse.next();
  if (!fromThisSite(request)) {
    return refuse(403, "Bookings can only be sent from the clinic's own booking page. Please open it and try again.");
  }
  if (request.headers.get("content-length") === null) {
    return refuse(411, "This request did not say how large it is, so it was not read. Please send the form again.");
  }
  if (Number(request.headers.get("content-length")) > BOOKING_BODY_LIMIT_BYTES) {
    return refuse(413, "This request is far larger than a booking can be, so it was not read. Please shorten what you wrote.");
  }
  if ((request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    try {
      await request.clone().formData();
    } catch {
      return refuse(400, "This is not a booking form the site can read. Please open the booking page and try again.");
    }
  }
  return NextResponse.next();
}

export const config = { matcher: "/book" };
