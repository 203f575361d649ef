import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { editFromRequest, getFromRequest } from "@/lib/silences/service";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** One silence with its history of changes. */
export async function GET(request: Request, { params }: Params) {
  try {
    const principal = await apiPrincipal(request, "/api/silences/[id]", "GET");
    return Response.json(await getFromRequest(principal, (await params).id));
  } catch (error) {
    return errorResponse(error);
  }
}

/** Edit (the body names the version read: a stale one gets 409 with what changed). */
export async function PUT(request: Request, { params }: Params) {
  try {
    const principal = await apiPrincipal(request, "/api/silences/[id]", "PUT");
    const body = await readJsonBody(request);
    return Response.json({ silence: await editFromRequest(principal, (await params).id, body) });
  } catch (error) {
    return errorResponse(error);
  }
}
