import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { restoreFromRequest } from "@/lib/runbooks/service";

export const dynamic = "force-dynamic";

/** Restore: `{ revision: <the current one> }`; the old content becomes a new revision. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string; revision: string }> }) {
  try {
    const principal = await apiPrincipal(request, "/api/runbooks/[slug]/revisions/[revision]/restore", "POST");
    const { slug, revision } = await params;
    return Response.json(await restoreFromRequest(principal, slug, revision, await readJsonBody(request)));
  } catch (error) {
    return errorResponse(error);
  }
}
