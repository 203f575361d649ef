import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { createUserFromRequest, listUsers } from "@/lib/access/service";
import { apiPrincipal } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/admin/users", "GET");
    return Response.json({ users: await listUsers() });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/admin/users", "POST");
    return Response.json({ user: await createUserFromRequest(principal, await readJsonBody(request)) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
