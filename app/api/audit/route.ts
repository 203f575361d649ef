import { errorResponse } from "@/lib/api/errors";
import { auditFromRequest } from "@/lib/access/service";
import { apiPrincipal } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

/** The audit log, newest first: ?actor&action&targetType&targetId&from&to&before&limit. */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/audit", "GET");
    return Response.json(await auditFromRequest(new URL(request.url).searchParams));
  } catch (error) {
    return errorResponse(error);
  }
}
