import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { listXidCodes } from "@/lib/xid/repo";

export const dynamic = "force-dynamic";

/** The XID catalogue: code, name, meaning, severity, operator action, runbook (built-in when PostgreSQL is down). */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/xids", "GET");
    return Response.json(await listXidCodes());
  } catch (error) {
    return errorResponse(error);
  }
}
