import { AppError } from "@/lib/api/errors";
import { apiUser } from "@/lib/auth/session";
import { promErrorBody } from "@/lib/prom/errors";
import { proxyPromRequest } from "@/lib/prom/proxy/handler";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ datasource: string; path: string[] }> };

/** Prometheus-compatible: auth → lib/prom/proxy → Prometheus' JSON and status. */
async function handle(request: Request, context: Context): Promise<Response> {
  try {
    await apiUser("viewer");
  } catch (error) {
    const status = error instanceof AppError ? error.status : 401;
    const message = error instanceof Error ? error.message : "unauthorized";
    return Response.json(promErrorBody(status === 403 ? "forbidden" : "unauthorized", message), { status });
  }
  const { datasource, path } = await context.params;
  const bodyParams =
    request.method === "POST" && request.headers.get("content-type")?.includes("application/x-www-form-urlencoded")
      ? new URLSearchParams(await request.text())
      : new URLSearchParams();
  const result = await proxyPromRequest({
    datasource,
    path,
    urlParams: new URL(request.url).searchParams,
    bodyParams,
  });
  return Response.json(result.body, { status: result.status, headers: { "cache-control": "no-store" } });
}

export { handle as GET, handle as POST };
