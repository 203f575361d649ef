import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { createFromRequest, listFromRequest } from "@/lib/maintenance/service";

export const dynamic = "force-dynamic";

/** Maintenance windows with their coming week and what each would suppress now; developers see their teams'. */
export async function GET(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/maintenance", "GET");
    return Response.json({ windows: await listFromRequest(principal) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Create: saved, then the silences of occurrences due are made and written to Alertmanager. */
export async function POST(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/maintenance", "POST");
    const body = await readJsonBody(request);
    return Response.json({ window: await createFromRequest(principal, body) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
