import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal, labelScopeOf } from "@/lib/auth/principal";
import { horizonsFromRequest } from "@/lib/prom/horizon";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ datasource: string }> };

/** When each named recording rule's series begins (ms since the epoch; null: no samples yet), so a panel never sums a window the rule does not cover. */
export async function GET(request: Request, context: Context) {
  try {
    const scope = await labelScopeOf(await apiPrincipal(request, "/api/prom/[datasource]/horizons", "GET"));
    const { datasource } = await context.params;
    return Response.json(await horizonsFromRequest(datasource, new URL(request.url).searchParams, scope), { headers: { "cache-control": "private, max-age=60" } });
  } catch (error) {
    return errorResponse(error);
  }
}
