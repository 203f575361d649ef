import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { previewFromRequest } from "@/lib/silences/service";

export const dynamic = "force-dynamic";

/** Before saving: what the silence covers now (alerts, GPUs, nodes, jobs, teams) and whether it needs an SRE's confirmation. */
export async function POST(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/silences/preview", "POST");
    return Response.json(await previewFromRequest(principal, await readJsonBody(request)));
  } catch (error) {
    return errorResponse(error);
  }
}
