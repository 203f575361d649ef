import { errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { alertmanagerApi, type AmRequest } from "@/lib/alertmanager/facade";
import { apiPrincipal } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ name: string; path: string[] }> };

/** Alertmanager's API v2 for amtool and Grafana (lib/alertmanager/facade.ts): session or API token (bearer or basic), errors as Alertmanager's JSON strings. */
async function handle(request: Request, context: Context): Promise<Response> {
  const { name, path } = await context.params;
  const method = request.method as AmRequest["method"];
  try {
    const principal = await apiPrincipal(request, "/api/alertmanager/[name]/api/v2/[...path]", method);
    const body = method === "POST" ? await readJsonBody(request) : undefined;
    const answer = await alertmanagerApi({ principal, name, method, path, params: new URL(request.url).searchParams, body });
    return answer.body === undefined ? new Response(null, { status: answer.status }) : Response.json(answer.body, { status: answer.status });
  } catch (error) {
    // The console's error (a database down is 503) as Alertmanager writes one: its message as a JSON string.
    const response = errorResponse(error);
    const { error: e } = (await response.json()) as { error: { message: string } };
    return Response.json(e.message, { status: response.status });
  }
}

export const GET = handle;
export const POST = handle;
export const DELETE = handle;
