import { errorResponse } from "@/lib/api/errors";
import { signOutEverywhere } from "@/lib/access/service";
import { apiPrincipal } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

/** Ends every session of the signed-in user, this one included. */
export async function POST(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/me/sign-out-everywhere", "POST");
    await signOutEverywhere(principal, principal.id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
