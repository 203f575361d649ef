import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { createFromRequest, listFromRequest } from "@/lib/silences/service";

export const dynamic = "force-dynamic";

/** Silences (Postgres, the source of truth): ?state=active|pending|expired&q=… ; developers see their teams'. */
export async function GET(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/silences", "GET");
    return Response.json({ silences: await listFromRequest(principal, new URL(request.url).searchParams) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Create: saved in Postgres first, then written to every Alertmanager (or left pending, retried); `Idempotency-Key` makes a retry safe. */
export async function POST(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/silences", "POST");
    const body = await readJsonBody(request);
    const { silence, replayed } = await createFromRequest(principal, body, request.headers.get("idempotency-key"));
    return Response.json({ silence }, { status: 201, headers: replayed ? { "idempotent-replayed": "true" } : {} });
  } catch (error) {
    return errorResponse(error);
  }
}
