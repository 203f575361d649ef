import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { createTokenFromRequest, tokensFor } from "@/lib/tokens/service";

export const dynamic = "force-dynamic";

/** Your API tokens (admins: every token). */
export async function GET(request: Request) {
  try {
    return Response.json({ tokens: await tokensFor(await apiPrincipal(request, "/api/tokens", "GET")) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** A new token for you, within your role and teams: the token is in this answer only. */
export async function POST(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/tokens", "POST");
    return Response.json(await createTokenFromRequest(principal, await readJsonBody(request)), { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
