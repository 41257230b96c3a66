import { NextResponse } from "next/server";
import { getConfig } from "@/lib/config";
import { checkBearerToken } from "@/lib/bearer-token";
import { deliverDue, sweep } from "@/lib/delivery";

// One delivery pass and the retention sweep, for a scheduler calling every minute (README, "Hosts without a
// long-lived process"). Answers what it did, never what it sent.
export async function GET(request: Request) {
  const headers = { "Cache-Control": "no-store" };
  switch (checkBearerToken(request.headers.get("authorization"), getConfig().cronSecret)) {
    case "no-such-route":
      return new NextResponse("Not found", { status: 404, headers });
    case "refused":
      return NextResponse.json(
        { error: "Send Authorization: Bearer <CRON_SECRET>." },
        { status: 401, headers: { ...headers, "WWW-Authenticate": 'Bearer realm="cron"' } },
      );
  }
  try {
    const now = new Date();
    const delivery = await deliverDue(now);
    const swept = await sweep(now);
    return NextResponse.json({ delivery, sweep: swept }, { headers });
  } catch (error) {
    console.error(`[cron] the delivery pass failed: ${(error as Error).message}`);
    return NextResponse.json({ error: "The delivery pass failed; see the server's log." }, { status: 503, headers });
  }
}
