import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { publicDatasources } from "@/lib/prom/proxy/datasources";

export const dynamic = "force-dynamic";

/** The datasources the caller may query through /api/prom (no URLs, no secrets). */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/datasources", "GET");
    return Response.json({ datasources: publicDatasources() });
  } catch (error) {
    return errorResponse(error);
  }
}
