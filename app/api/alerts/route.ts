import { errorResponse } from "@/lib/api/errors";
import { loadAlerts } from "@/lib/alerting/alerts-service";
import { apiPrincipal } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

/** Firing and pending alerts, ?filter=team=ml&filter=severity=critical; a developer sees their teams'. */
export async function GET(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/alerts", "GET");
    return Response.json(await loadAlerts(principal, new URL(request.url).searchParams.getAll("filter")));
  } catch (error) {
    return errorResponse(error);
  }
}
