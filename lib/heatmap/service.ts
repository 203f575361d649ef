import "server-only";
import { promErrorBody } from "@/lib/prom/errors";
import { findDatasource } from "@/lib/prom/proxy/datasources";
import { proxyPromRequest, type ProxyAnswer } from "@/lib/prom/proxy/handler";
import { ParamError, rangeParams } from "@/lib/prom/proxy/params";
import { encodeHeatmap } from "./codec";
import { aggregateRows, GridError, matrixToGrid, type SeriesLike } from "./grid";
import { parseHeatmapParams } from "./params";

export interface HeatmapRequest {
  datasource: string;
  params: URLSearchParams;
  scope: string[] | null;
  signal?: AbortSignal;
}

export type HeatmapAnswer =
  | {
      ok: true;
      bytes: Uint8Array;
      cache: ProxyAnswer["cache"];
      series: number;
      upstreamBytes: number;
      step: number;
      /** The upstream answer's warnings (a replica or member that failed). */
      warnings: string[];
      /** The datasource was unreachable: the grid is of the last known answer (lib/prom/proxy/last-known.ts). */
      stale?: ProxyAnswer["stale"];
      /** Where the time went: the query (through the proxy), reading its JSON, building the grid. */
      timings: { upstreamMs: number; parseMs: number; buildMs: number };
    }
  | { ok: false; status: number; body: ReturnType<typeof promErrorBody> };

function refuse(status: number, errorType: string, message: string): HeatmapAnswer {
  return { ok: false, status, body: promErrorBody(errorType, message) };
}

/**
 * The heatmap of a range query: the query goes through the proxy (validation, team
 * scope, cache, in-flight sharing, upstream limits) and its matrix becomes the compact
 * grid of lib/heatmap/codec.ts, folded to the panel's pixel rows.
 */
export async function heatmapFor(req: HeatmapRequest): Promise<HeatmapAnswer> {
  const ds = findDatasource(req.datasource);
  if (!ds) return refuse(404, "not_found", `unknown datasource "${req.datasource}"`);
  const own = parseHeatmapParams(req.params);
  if (!own.ok) return refuse(400, "bad_data", own.message);
  const query = req.params.get("query");
  if (!query) return refuse(400, "bad_data", 'missing parameter "query"');
  let range;
  try {
    range = rangeParams(req.params, ds.scrapeIntervalSeconds);
  } catch (error) {
    if (error instanceof ParamError) return refuse(400, "bad_data", error.message);
    throw error;
  }
  const t0 = performance.now();
  const answer = await proxyPromRequest({
    datasource: req.datasource,
    path: ["query_range"],
    urlParams: new URLSearchParams({ query }),
    range,
    bodyParams: new URLSearchParams(),
    scope: req.scope,
    signal: req.signal,
  });
  const t1 = performance.now();
  const body = answer.body as { status?: string; errorType?: string; error?: string; warnings?: string[]; data?: { resultType?: string; result?: SeriesLike[] } };
  if (answer.status !== 200 || body.status !== "success") {
    return { ok: false, status: answer.status, body: promErrorBody(body.errorType ?? "bad_response", body.error ?? `upstream answered HTTP ${answer.status}`) };
  }
  if (body.data?.resultType !== "matrix" || !Array.isArray(body.data.result)) {
    return refuse(400, "bad_data", `the query returns a ${body.data?.resultType ?? "non-matrix"}; a heatmap needs a range vector of series`);
  }
  const t2 = performance.now();
  try {
    const grid = matrixToGrid(body.data.result, range);
    const folded = aggregateRows(grid, { sort: own.value.sort, maxRows: own.value.rows, aggregate: own.value.aggregate });
    return {
      ok: true,
      bytes: encodeHeatmap(folded, { min: own.value.min, max: own.value.max }),
      cache: answer.cache,
      series: grid.rows.length,
      upstreamBytes: answer.bytes ?? 0,
      step: range.step,
      warnings: body.warnings ?? [],
      ...(answer.stale ? { stale: answer.stale } : {}),
      timings: { upstreamMs: t1 - t0, parseMs: t2 - t1, buildMs: performance.now() - t2 },
    };
  } catch (error) {
    if (error instanceof GridError) return refuse(400, "bad_data", error.message);
    throw error;
  }
}
