import { AppError } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/request";
import { apiPrincipal, labelScopeOf } from "@/lib/auth/principal";
import { promErrorBody } from "@/lib/prom/errors";
import { proxyPromRequest } from "@/lib/prom/proxy/handler";
import { proxyMetrics } from "@/lib/prom/proxy/metrics";
import { storesHeader } from "@/lib/prom/stores";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ datasource: string; path: string[] }> };

/** Prometheus-compatible: auth (session or bearer token) → lib/prom/proxy → Prometheus' JSON. */
async function handle(request: Request, context: Context): Promise<Response> {
  const started = performance.now();
  const { datasource, path } = await context.params;
  let scope: string[] | null;
  let caller: string;
  try {
    const principal = await apiPrincipal(request, "/api/prom/[datasource]/api/v1/[...path]", request.method as "GET" | "POST");
    scope = await labelScopeOf(principal);
    caller = `${principal.kind}:${principal.id}`;
  } catch (error) {
    const status = error instanceof AppError ? error.status : 401;
    const message = error instanceof Error ? error.message : "unauthorized";
    return Response.json(promErrorBody(status === 403 ? "forbidden" : status === 401 ? "unauthorized" : "unavailable", message), { status });
  }
  const isForm = request.method === "POST" && request.headers.get("content-type")?.includes("application/x-www-form-urlencoded");
  let form = "";
  try {
    form = isForm ? await readBodyText(request) : "";
  } catch (error) {
    return Response.json(promErrorBody("bad_data", (error as Error).message), { status: error instanceof AppError ? error.status : 400 });
  }
  const answer = await proxyPromRequest({
    datasource,
    path,
    urlParams: new URL(request.url).searchParams,
    bodyParams: new URLSearchParams(form),
    scope,
    caller,
    signal: request.signal,
  });
  const m = proxyMetrics();
  m.requests.inc({ datasource, endpoint: answer.endpoint, code: String(answer.status) });
  const seconds = (performance.now() - started) / 1000;
  m.duration.observe({ datasource, endpoint: answer.endpoint, cache: answer.cache }, seconds);
  // Upstream's bytes as they came when nothing changed them; else the rewritten body.
  // 204 No Content (Prometheus' answer to exemplars of a query without selectors) has no body.
  const body: BodyInit | null = answer.status === 204 ? null : answer.raw ? (answer.raw as Uint8Array<ArrayBuffer>) : JSON.stringify(answer.body);
  return new Response(body, {
    status: answer.status,
    headers: {
      "content-type": "application/json",
      "cache-control": "no-store",
      "x-console-cache": answer.cache,
      "server-timing": `console;dur=${(seconds * 1000).toFixed(1)}`,
      // The last known answer, not live: when its data is from (ms); the body's warnings say why.
      ...(answer.stale ? { "x-console-stale": String(answer.stale.asOfMs) } : {}),
      // A tiered datasource: which stores answered, e.g. "long-term=VictoriaMetrics, recent=Prometheus".
      ...(answer.stores ? { "x-console-stores": storesHeader(answer.stores) } : {}),
    },
  });
}

export { handle as GET, handle as POST };
