// Turns away booking posts Next.js would answer with a 500 before it reads them: one too large to be a person's
// (Next.js enforces the same limit, next.config.ts, but as a server error) and a form body that cannot be parsed.
// A person or a monitor sees a clear 4xx instead, and the log is not filled with Next.js's stack traces.
import { NextResponse, type NextRequest } from "next/server";
import { BOOKING_BODY_LIMIT_BYTES } from "@/lib/booking/rules";

function refuse(status: number, message: string) {
  return new NextResponse(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export async function proxy(request: NextRequest) {
  if (request.method !== "POST") return NextResponse.next();
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
