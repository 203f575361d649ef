import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { routingState, saveDraft } from "@/lib/routing/service";

export const dynamic = "force-dynamic";

/** The routing draft (secrets only as "stored" or their references) and what the caller may edit. */
export async function GET(request: Request) {
  try {
    return Response.json(await routingState(await apiPrincipal(request, "/api/routing", "GET")));
  } catch (error) {
    return errorResponse(error);
  }
}

/** Admins save the whole draft: { revision, model }; a stale revision is 409. */
export async function PUT(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/routing", "PUT");
    return Response.json(await saveDraft(principal, await readJsonBody(request)));
  } catch (error) {
    return errorResponse(error);
  }
}
