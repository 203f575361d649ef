import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { applyDraft } from "@/lib/routing/service";

export const dynamic = "force-dynamic";

/**
 * Admins apply the draft they previewed: { revision, message? }. 422 if amtool refuses it
 * (nothing changes), 502 if Alertmanager's reload fails (the previous config stays), 409 if
 * the draft changed since the preview.
 */
export async function POST(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/routing/apply", "POST");
    return Response.json({ version: await applyDraft(principal, await readJsonBody(request)) });
  } catch (error) {
    return errorResponse(error);
  }
}
