import "server-only";
import type { Datasource } from "./datasources";
import { fetchFromDatasource } from "./fetch-datasource";
import type { ParsedQuery } from "./query";
import type { ResultStore } from "./results";
import { clip, cover, dayParts, gaps, gridFloor, join, splittable, type MatrixSeries, type Span } from "./split";
import { rawResult, type ProxyResult } from "./upstream";

/**
 * A range query answered day by day (./split.ts): each day's part from the extent kept of
 * that day, asking upstream only for what it lacks, then the parts joined. An extent is
 * kept only up to the freshness edge (newer samples may still arrive), and at most a day
 * from when its first samples were asked however often it is extended (so late data, a
 * backfill, is seen within a day, as the whole-answer cache sees it), in the results
 * store (shared across replicas with REDIS_URL). Null when the query is not
 * split (one day, or it reads its own range): the caller asks for the whole.
 */
const PARALLEL_DAYS = 4;
const KEEP_MS = 24 * 3_600_000;

interface Kept {
  span: Span;
  result: MatrixSeries[];
  /** When its oldest samples were asked (epoch ms): an extent is extended, never kept past KEEP_MS from then. */
  since: number;
}

/** A kept extent still young enough to build on (data that arrives late, a backfill, is seen within KEEP_MS). */
function keptOf(r: ProxyResult | undefined, nowMs: number): Kept | null {
  const body = r?.body as Partial<Kept> | undefined;
  return body && body.span && Array.isArray(body.result) && typeof body.since === "number" && nowMs - body.since < KEEP_MS ? (body as Kept) : null;
}

export async function answerByDays(opts: {
  ds: Datasource;
  params: URLSearchParams;
  query: ParsedQuery;
  store: ResultStore;
  /** The key of a day's extent: the query's own key with the day for its range. */
  keyOf: (day: number, phase: string) => string;
  freshnessMs: number;
  nowMs: number;
  signal?: AbortSignal;
}): Promise<ProxyResult | null> {
  const { ds, params, store } = opts;
  const grid = { start: Number(params.get("start")), end: Number(params.get("end")), step: Number(params.get("step")) };
  const parts = dayParts(grid);
  if (parts.length < 2 || !splittable(opts.query)) return null;
  const phase = (((grid.start % grid.step) + grid.step) % grid.step).toFixed(3);
  const freshEdge = gridFloor((opts.nowMs - opts.freshnessMs) / 1000, grid);
  const warnings: string[] = [];
  let failed: ProxyResult | null = null;

  const ask = async (span: Span): Promise<MatrixSeries[] | null> => {
    const p = new URLSearchParams(params);
    p.set("start", String(span.start));
    p.set("end", String(span.end));
    const r = await fetchFromDatasource(ds, "query_range", p, "POST", opts.signal);
    const body = r.body as { status?: string; warnings?: string[]; data?: { resultType?: string; result?: MatrixSeries[] } };
    if (r.status !== 200 || body.status !== "success" || body.data?.resultType !== "matrix" || !Array.isArray(body.data.result)) {
      failed ??= r;
      return null;
    }
    warnings.push(...(body.warnings ?? []));
    return body.data.result;
  };

  const day = async (part: Span & { day: number }): Promise<MatrixSeries[]> => {
    const key = opts.keyOf(part.day, phase);
    const kept = keptOf(await store.get(key), opts.nowMs);
    const todo = gaps(kept?.span ?? null, part, grid.step);
    if (todo.fetch.length === 0) return clip(kept!.result, part);
    const fetched = await Promise.all(todo.fetch.map(ask));
    if (fetched.some((f) => f === null)) return [];
    const base = todo.keep && kept ? [kept] : [];
    const span = cover([...base.map((k) => k.span), ...todo.fetch]);
    const result = join(...base.map((k) => k.result), ...(fetched as MatrixSeries[][]));
    const keepEnd = Math.min(span.end, freshEdge);
    if (keepEnd >= span.start) {
      const since = todo.keep && kept ? kept.since : opts.nowMs;
      const keep: Kept = { span: { start: span.start, end: keepEnd }, result: clip(result, { start: span.start, end: keepEnd }), since };
      // As bytes, serialised once: Redis keeps them as they are, this process parses them once when read.
      await store.set(key, rawResult(200, Buffer.from(JSON.stringify(keep))), KEEP_MS - (opts.nowMs - since));
    }
    return clip(result, part);
  };

  const answers: MatrixSeries[][] = [];
  for (let i = 0; i < parts.length; i += PARALLEL_DAYS) answers.push(...(await Promise.all(parts.slice(i, i + PARALLEL_DAYS).map(day))));
  if (failed) return failed;
  const body = { status: "success", data: { resultType: "matrix", result: join(...answers) }, ...(warnings.length ? { warnings: [...new Set(warnings)] } : {}) };
  // Serialised once, as an upstream answer is: the route sends these bytes, the caches keep them.
  return rawResult(200, Buffer.from(JSON.stringify(body)));
}
