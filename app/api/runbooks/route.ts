import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { createFromRequest, searchFromRequest } from "@/lib/runbooks/service";

export const dynamic = "force-dynamic";

/** Search: ?q=…&team=&severity=&tag=&alert=&sort=relevance|recent — ranked, with highlights. */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/runbooks", "GET");
    return Response.json({ runbooks: await searchFromRequest(new URL(request.url).searchParams) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Create: `{ runbook, message }`; developers for their teams, SREs and admins for any. */
export async function POST(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/runbooks", "POST");
    const saved = await createFromRequest(principal, await readJsonBody(request));
    return Response.json(saved, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
