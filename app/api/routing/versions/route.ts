import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { listVersions } from "@/lib/routing/service";

export const dynamic = "force-dynamic";

/** Every config applied (or refused by Alertmanager's reload), newest first, with who applied it. */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/routing/versions", "GET");
    return Response.json({ versions: await listVersions() });
  } catch (error) {
    return errorResponse(error);
  }
}
