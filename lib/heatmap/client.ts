import { serverTimingMs } from "@/lib/prom/client";
import { queryKeys } from "@/lib/query-keys";
import { PromError } from "@/lib/prom/errors";
import { EnvelopeSchema } from "@/lib/prom/schemas";
import { readStale, type StaleInfo } from "@/lib/prom/stale";
import { decodeHeatmap, HEATMAP_MEDIA_TYPE, HeatmapDecodeError, type DecodedHeatmap } from "./codec";

export interface HeatmapQuery {
  datasource: string;
  expr: string;
  start: number;
  end: number;
  stepSeconds: number;
  /** The panel's pixel rows: more GPUs than this are folded. */
  rows: number;
  aggregate: "max" | "mean";
  sort: "node" | "mean";
  min?: number;
  max?: number;
}

export interface HeatmapResult {
  heatmap: DecodedHeatmap;
  /** What the console did: cache hit or not, series before folding, bytes on each side. */
  meta: { cache: string; series: number; bytes: number; upstreamBytes: number; durationMs: number; serverMs: number | null; warnings: string[]; stale: StaleInfo | null };
}

/** POSTs the query to /api/heatmap/{datasource} and decodes the compact answer. */
export async function fetchHeatmap(q: HeatmapQuery, init: { signal?: AbortSignal; baseUrl?: string } = {}): Promise<HeatmapResult> {
  const params: Record<string, string> = {
    query: q.expr,
    start: String(q.start),
    end: String(q.end),
    step: String(q.stepSeconds),
    rows: String(q.rows),
    aggregate: q.aggregate,
    sort: q.sort,
  };
  if (q.min !== undefined) params.min = String(q.min);
  if (q.max !== undefined) params.max = String(q.max);
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(`${init.baseUrl ?? ""}/api/heatmap/${encodeURIComponent(q.datasource)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: `${HEATMAP_MEDIA_TYPE}, application/json` },
      body: new URLSearchParams(params),
      signal: init.signal,
      credentials: "same-origin",
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new PromError("unavailable", `Console unreachable: ${(error as Error).message}`, 0, q.datasource);
  }
  if (!response.headers.get("content-type")?.startsWith(HEATMAP_MEDIA_TYPE)) {
    const envelope = EnvelopeSchema.safeParse(await response.json().catch(() => null));
    if (envelope.success && envelope.data.status === "error") throw new PromError(envelope.data.errorType, envelope.data.error, response.status, q.datasource);
    throw new PromError("bad_response", `Unexpected answer (HTTP ${response.status})`, response.status, q.datasource);
  }
  const buffer = await response.arrayBuffer();
  try {
    return {
      heatmap: decodeHeatmap(buffer),
      meta: {
        cache: response.headers.get("x-console-cache") ?? "none",
        series: Number(response.headers.get("x-console-series") ?? 0),
        bytes: buffer.byteLength,
        upstreamBytes: Number(response.headers.get("x-console-upstream-bytes") ?? 0),
        durationMs: performance.now() - started,
        serverMs: serverTimingMs(response.headers.get("server-timing"), "total"),
        ...readStale(response.headers.get("x-console-stale"), warningsHeader(response.headers.get("x-console-warnings"))),
      },
    };
  } catch (error) {
    if (error instanceof HeatmapDecodeError) throw new PromError("bad_response", error.message, response.status, q.datasource);
    throw error;
  }
}

/** The x-console-warnings header: a URI-encoded JSON list of strings; anything else is no warning. */
export function warningsHeader(value: string | null): string[] {
  if (!value) return [];
  try {
    const list: unknown = JSON.parse(decodeURIComponent(value));
    return Array.isArray(list) ? list.filter((w): w is string => typeof w === "string") : [];
  } catch {
    return [];
  }
}

export const heatmapKeys = queryKeys.heatmap;
