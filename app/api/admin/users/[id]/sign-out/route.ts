import { errorResponse } from "@/lib/api/errors";
import { signOutEverywhere } from "@/lib/access/service";
import { apiPrincipal } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

/** Ends every session of the user. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const principal = await apiPrincipal(request, "/api/admin/users/[id]/sign-out", "POST");
    await signOutEverywhere(principal, (await params).id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
