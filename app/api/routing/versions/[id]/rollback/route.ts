import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { parseVersionId, rollback } from "@/lib/routing/service";

export const dynamic = "force-dynamic";

/** Admins re-apply an earlier version; it becomes the draft again. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const principal = await apiPrincipal(request, "/api/routing/versions/[id]/rollback", "POST");
    return Response.json({ version: await rollback(principal, parseVersionId((await params).id)) });
  } catch (error) {
    return errorResponse(error);
  }
}
