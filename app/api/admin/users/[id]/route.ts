import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { updateUserFromRequest } from "@/lib/access/service";
import { apiPrincipal } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

/** Name, role, teams (with lead), password, disabled, unlock. */
export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const principal = await apiPrincipal(request, "/api/admin/users/[id]", "PUT");
    return Response.json({ user: await updateUserFromRequest(principal, (await params).id, await readJsonBody(request)) });
  } catch (error) {
    return errorResponse(error);
  }
}
