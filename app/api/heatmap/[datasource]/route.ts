import { AppError } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/request";
import { apiPrincipal, labelScopeOf } from "@/lib/auth/principal";
import { HEATMAP_MEDIA_TYPE } from "@/lib/heatmap/codec";
import { heatmapFor } from "@/lib/heatmap/service";
import { promErrorBody } from "@/lib/prom/errors";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ datasource: string }> };

/** A range query as a compact heatmap (lib/heatmap/codec.ts); errors in Prometheus' form. */
async function handle(request: Request, context: Context): Promise<Response> {
  const started = performance.now();
  const { datasource } = await context.params;
  let scope: string[] | null;
  try {
    scope = await labelScopeOf(await apiPrincipal(request, "/api/heatmap/[datasource]", request.method as "GET" | "POST"));
  } catch (error) {
    const status = error instanceof AppError ? error.status : 401;
    return Response.json(promErrorBody(status === 403 ? "forbidden" : status === 401 ? "unauthorized" : "unavailable", error instanceof Error ? error.message : "unauthorized"), { status });
  }
  const params = new URL(request.url).searchParams;
  if (request.method === "POST") {
    if (!request.headers.get("content-type")?.includes("application/x-www-form-urlencoded")) {
      return Response.json(promErrorBody("bad_data", "POST parameters as application/x-www-form-urlencoded"), { status: 415 });
    }
    let form: string;
    try {
      form = await readBodyText(request);
    } catch (error) {
      return Response.json(promErrorBody("bad_data", (error as Error).message), { status: error instanceof AppError ? error.status : 400 });
    }
    for (const [k, v] of new URLSearchParams(form)) params.append(k, v);
  }
  const answer = await heatmapFor({ datasource, params, scope, signal: request.signal });
  if (!answer.ok) return Response.json(answer.body, { status: answer.status });
  return new Response(answer.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": HEATMAP_MEDIA_TYPE,
      "cache-control": "no-store",
      "x-console-cache": answer.cache,
      "x-console-series": String(answer.series),
      "x-console-step": String(answer.step),
      "x-console-upstream-bytes": String(answer.upstreamBytes),
      // JSON, then URI-encoded: a header value is Latin-1 and a warning may say anything.
      ...(answer.warnings.length ? { "x-console-warnings": encodeURIComponent(JSON.stringify(answer.warnings)) } : {}),
      ...(answer.stale ? { "x-console-stale": String(answer.stale.asOfMs) } : {}),
      "server-timing": [
        `upstream;dur=${answer.timings.upstreamMs.toFixed(1)}`,
        `parse;dur=${answer.timings.parseMs.toFixed(1)}`,
        `build;dur=${answer.timings.buildMs.toFixed(1)}`,
        `total;dur=${(performance.now() - started).toFixed(1)}`,
      ].join(", "),
    },
  });
}

export { handle as GET, handle as POST };
