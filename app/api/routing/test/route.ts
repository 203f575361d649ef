import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { testRouting } from "@/lib/routing/running";

export const dynamic = "force-dynamic";

/** Route tester: ?label=team=ml-research&label=severity=critical → the routes and receivers of the running config. */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/routing/test", "GET");
    return Response.json(await testRouting(new URL(request.url).searchParams.getAll("label")));
  } catch (error) {
    return errorResponse(error);
  }
}
