import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { requireRunbook, updateFromRequest } from "@/lib/runbooks/service";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

export async function GET(request: Request, { params }: Params) {
  try {
    await apiPrincipal(request, "/api/runbooks/[slug]", "GET");
    return Response.json({ runbook: await requireRunbook((await params).slug) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Edit: `{ runbook, revision (the one you edited), message }`; a stale revision → 409 with the current runbook. */
export async function PUT(request: Request, { params }: Params) {
  try {
    const principal = await apiPrincipal(request, "/api/runbooks/[slug]", "PUT");
    return Response.json(await updateFromRequest(principal, (await params).slug, await readJsonBody(request)));
  } catch (error) {
    return errorResponse(error);
  }
}
