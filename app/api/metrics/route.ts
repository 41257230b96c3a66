import { checkBearerToken } from "@/lib/bearer-token";
import { getConfig } from "@/lib/config";
import { describeMetrics } from "@/lib/metrics";
import { getStore } from "@/lib/store";

// For a monitoring server (Prometheus), behind METRICS_TOKEN: the route does not exist without it.
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const headers = { "Cache-Control": "no-store" };
  switch (checkBearerToken(request.headers.get("authorization"), getConfig().metricsToken)) {
    case "no-such-route":
      return new Response("Not found", { status: 404, headers });
    case "refused":
      return new Response("Send Authorization: Bearer <METRICS_TOKEN>.\n", {
        status: 401,
        headers: { ...headers, "WWW-Authenticate": 'Bearer realm="metrics"' },
      });
  }
  const { text, contentType } = await describeMetrics(await getStore(), new Date());
  return new Response(text, { headers: { ...headers, "Content-Type": contentType } });
}
