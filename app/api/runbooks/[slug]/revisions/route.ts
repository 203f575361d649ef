import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { listRevisions } from "@/lib/runbooks/service";

export const dynamic = "force-dynamic";

/** Every revision, newest first, each with its full content. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    await apiPrincipal(request, "/api/runbooks/[slug]/revisions", "GET");
    return Response.json({ revisions: await listRevisions((await params).slug) });
  } catch (error) {
    return errorResponse(error);
  }
}
