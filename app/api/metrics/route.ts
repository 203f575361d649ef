import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { consoleMetrics } from "@/lib/metrics/console";
import { proxyMetrics } from "@/lib/prom/proxy/metrics";

export const dynamic = "force-dynamic";

/** The console's own Prometheus metrics, for a scraper with an API token (sre or admin). */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/metrics", "GET");
    proxyMetrics(); // registered, so a console that has proxied nothing yet still lists its series
    const { registry } = consoleMetrics();
    return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
  } catch (error) {
    return errorResponse(error);
  }
}
