import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { proxyMetrics } from "@/lib/prom/proxy/metrics";

export const dynamic = "force-dynamic";

/** The console's own Prometheus metrics, for a scraper with an API token (sre or admin). */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/metrics", "GET");
    const { registry } = proxyMetrics();
    return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
  } catch (error) {
    return errorResponse(error);
  }
}
