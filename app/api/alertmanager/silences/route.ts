import { errorResponse } from "@/lib/api/errors";
import { listSilences } from "@/lib/alertmanager/client";
import { apiPrincipal, scopeOf } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

/** Alertmanager's silences (active, pending and recently expired), as far as the caller may see them. */
export async function GET(request: Request) {
  try {
    const principal = await apiPrincipal(request, "viewer");
    return Response.json({ silences: await listSilences({ scope: scopeOf(principal), signal: request.signal }) });
  } catch (error) {
    return errorResponse(error);
  }
}
