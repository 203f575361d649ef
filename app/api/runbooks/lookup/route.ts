import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { lookupRunbooks } from "@/lib/runbooks/service";
import { lookupLabels } from "@/lib/runbooks/model";

export const dynamic = "force-dynamic";

/** `?alertname=X&<label>=<value>…`: the runbooks for that alert, best first (Postgres only). */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/runbooks/lookup", "GET");
    return Response.json(await lookupRunbooks(lookupLabels(new URL(request.url).searchParams)));
  } catch (error) {
    return errorResponse(error);
  }
}
