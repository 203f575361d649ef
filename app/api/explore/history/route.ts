import { AppError, errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { firstIssue } from "@/lib/api/zod";
import { apiPrincipal, type Principal } from "@/lib/auth/principal";
import { clearHistory, listHistory, recordQuery } from "@/lib/explore/repo";
import { HistoryInputSchema } from "@/lib/explore/schema";

export const dynamic = "force-dynamic";

/** Explore's history belongs to a signed-in person (developer and up: who may open Explore), not to an API token. */
async function historyOwner(request: Request): Promise<string> {
  const principal: Principal = await apiPrincipal(request, "/api/explore/history", request.method as "GET" | "POST" | "DELETE");
  if (principal.kind !== "session") throw new AppError("auth:forbidden", "Query history belongs to a signed-in user, not to an API token");
  return principal.id;
}

export async function GET(request: Request) {
  try {
    return Response.json({ history: await listHistory(await historyOwner(request)) });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request) {
  try {
    const userId = await historyOwner(request);
    const body = await readJsonBody(request);
    const input = HistoryInputSchema.safeParse(body);
    if (!input.success) throw new AppError("request:invalid", firstIssue(input.error));
    return Response.json({ entry: await recordQuery(userId, input.data) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function DELETE(request: Request) {
  try {
    return Response.json({ deleted: await clearHistory(await historyOwner(request)) });
  } catch (error) {
    return errorResponse(error);
  }
}
