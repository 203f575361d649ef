import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { saveTeamReceiver } from "@/lib/routing/service";

export const dynamic = "force-dynamic";

/** One receiver: { revision, receiver }; admins, or leads of the receiver's team. */
export async function PUT(request: Request, { params }: { params: Promise<{ name: string }> }) {
  try {
    const principal = await apiPrincipal(request, "/api/routing/receivers/[name]", "PUT");
    return Response.json(await saveTeamReceiver(principal, (await params).name, await readJsonBody(request)));
  } catch (error) {
    return errorResponse(error);
  }
}
