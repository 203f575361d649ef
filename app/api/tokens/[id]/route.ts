import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { revokeTokenFromRequest } from "@/lib/tokens/service";

export const dynamic = "force-dynamic";

/** Revoke: the token is kept (named in lists and the audit log) and never accepted again. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const principal = await apiPrincipal(request, "/api/tokens/[id]", "DELETE");
    return Response.json({ token: await revokeTokenFromRequest(principal, (await params).id) });
  } catch (error) {
    return errorResponse(error);
  }
}
