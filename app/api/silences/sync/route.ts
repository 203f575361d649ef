import { errorResponse } from "@/lib/api/errors";
import { alertmanagerUrls } from "@/lib/api/env";
import { apiPrincipal } from "@/lib/auth/principal";
import { reconcile } from "@/lib/silences/sync";

export const dynamic = "force-dynamic";

/** Reconcile now (SREs): what each Alertmanager needed, and any that did not answer. */
export async function POST(request: Request) {
  try {
    await apiPrincipal(request, "/api/silences/sync", "POST");
    return Response.json({ reports: await reconcile({ alertmanagers: alertmanagerUrls() }) });
  } catch (error) {
    return errorResponse(error);
  }
}
