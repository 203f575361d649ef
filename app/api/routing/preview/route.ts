import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { preview } from "@/lib/routing/service";

export const dynamic = "force-dynamic";

/** The draft as alertmanager.yml (secrets as placeholders), amtool's verdict, and the diff against what Alertmanager runs. */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/routing/preview", "GET");
    return Response.json(await preview());
  } catch (error) {
    return errorResponse(error);
  }
}
