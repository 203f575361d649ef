import { checkHealth } from "@/lib/health/checks";
import { healthHttpStatus } from "@/lib/health/summary";

export const dynamic = "force-dynamic";

/** Public: liveness plus the state of Postgres, Prometheus and Alertmanager. */
export async function GET() {
  const report = await checkHealth();
  return Response.json(report, { status: healthHttpStatus(report), headers: { "cache-control": "no-store" } });
}
