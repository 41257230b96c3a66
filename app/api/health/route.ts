import { getConfig } from "@/lib/config";
import { checkHealth } from "@/lib/health";
import { getStore } from "@/lib/store";

// For uptime monitors and load balancers: 200 while the site can store requests (pass or warn), 503 when it cannot.
// Never cached, by the browser, nginx or anyone between: a stale "pass" would hide an outage.
export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth(getStore, new Date(), { mailDelaySeconds: getConfig().healthMailDelaySeconds });
  return new Response(JSON.stringify(report), {
    status: report.status === "fail" ? 503 : 200,
    headers: { "Content-Type": "application/health+json", "Cache-Control": "no-store" },
  });
}
