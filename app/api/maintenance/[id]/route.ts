import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { deleteFromRequest, updateFromRequest } from "@/lib/maintenance/service";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** Edit (names the version read): occurrences not yet begun get new silences; begun and past ones keep theirs. */
export async function PUT(request: Request, { params }: Params) {
  try {
    const principal = await apiPrincipal(request, "/api/maintenance/[id]", "PUT");
    const body = await readJsonBody(request);
    return Response.json({ window: await updateFromRequest(principal, (await params).id, body) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Delete ({ version }): the silences of occurrences not yet begun are expired. */
export async function DELETE(request: Request, { params }: Params) {
  try {
    const principal = await apiPrincipal(request, "/api/maintenance/[id]", "DELETE");
    const body = await readJsonBody(request);
    return Response.json(await deleteFromRequest(principal, (await params).id, body));
  } catch (error) {
    return errorResponse(error);
  }
}
