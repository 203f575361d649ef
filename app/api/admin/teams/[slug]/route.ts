import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { updateTeamFromRequest } from "@/lib/access/service";
import { apiPrincipal } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

/** Name and label value; the slug stays (runbooks, receivers and tokens name it). */
export async function PUT(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const principal = await apiPrincipal(request, "/api/admin/teams/[slug]", "PUT");
    return Response.json({ team: await updateTeamFromRequest(principal, (await params).slug, await readJsonBody(request)) });
  } catch (error) {
    return errorResponse(error);
  }
}
