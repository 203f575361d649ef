import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { createTeamFromRequest, listTeams } from "@/lib/access/service";
import { apiPrincipal } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/admin/teams", "GET");
    return Response.json({ teams: await listTeams() });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/admin/teams", "POST");
    return Response.json({ team: await createTeamFromRequest(principal, await readJsonBody(request)) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
