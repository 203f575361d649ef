"use client";

import { useQueries, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { matrixToSeries, type Series } from "@/lib/charts/matrix-to-series";
import type { ResolvedRange } from "@/lib/dashboards/time-range";
import type { PanelQuery } from "@/lib/dashboards/types";
import { keptValues, rankingOf } from "@/lib/dashboards/rank-first";
import { interpolate, interpolateBuiltins } from "@/lib/dashboards/variables";
import { fetchHorizons, queryInstant, queryRange, type RangeQuery, type RequestMeta } from "@/lib/prom/client";
import { newestAnswerOfSameQuery, promKeys, type CachedAnswer } from "@/lib/prom/keys";
import { longRawNames, planCoverage, recordedNames, type CoverableQuery, type CoveragePlan, type Horizons } from "@/lib/prom/recorded";
import type { Matrix, Vector } from "@/lib/prom/schemas";
import { alignInstant, alignRange, stepFor } from "@/lib/prom/step";

/** What the inspect view shows: each query as sent, and what came back. */
export interface InspectInfo {
  datasource: string;
  queries: {
    expr: string;
    start: number;
    end: number;
    stepSeconds: number | null;
    series: number;
    points: number;
    meta: RequestMeta | null;
    /** Whether the raw equivalent ran for a recording rule too young for the window, or since when the figure covers. */
    coverage: Omit<CoveragePlan, "expr"> | null;
  }[];
}

/**
 * When the recording rules a panel's queries read begin, and the raw series they (or their
 * raw equivalents) read over a long window (one request per datasource and set of names,
 * kept 5 min): null while it is asked. A failed ask runs the queries as written.
 */
function useHorizons(datasource: string, queries: readonly CoverableQuery[], enabled: boolean): Coverage | null {
  const joined = queries.map((q) => `${q.expr}\u0000${q.raw ?? ""}`).join("\n");
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the expressions' text
  const names = useMemo(() => recordedNames(queries.map((q) => q.expr)), [joined]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the expressions' text
  const raw = useMemo(() => longRawNames(queries.flatMap((q) => [q.expr, ...(q.raw ? [q.raw] : [])])), [joined]);
  const asked = useQuery({
    queryKey: promKeys.horizons(datasource, [...names, "|", ...raw]),
    queryFn: ({ signal }) => fetchHorizons(datasource, names, raw, { signal }),
    enabled: enabled && names.length + raw.length > 0,
    staleTime: 5 * 60_000,
    retry: 1,
  });
  if (names.length + raw.length === 0) return NO_HORIZONS;
  return asked.data ?? (asked.isError ? NO_HORIZONS : null);
}

interface Coverage {
  horizons: Horizons;
  starts: Horizons;
}

/** One object, so a panel reading no rule keeps the same plans, specs and inspect info from render to render (a new `{}` each time re-ran every effect downstream: Explore's stats looped, synced tooltips closed). */
const NO_QUERIES: CoverableQuery[] = [];
const NO_HORIZONS: Coverage = Object.freeze({ horizons: Object.freeze({}), starts: Object.freeze({}) });

/** A panel's queries with variables filled in, the raw equivalents too. */
function interpolated(queries: readonly PanelQuery[], builtins: { rangeSeconds: number; intervalSeconds: number }, variables: Record<string, string[]>): CoverableQuery[] {
  const fill = (e: string) => interpolate(interpolateBuiltins(e, builtins), variables);
  return queries.map((q) => ({ expr: fill(q.expr), ...(q.raw ? { raw: fill(q.raw) } : {}) }));
}

type WithMeta<T> = { data: T; meta: RequestMeta | null };

/**
 * One panel query's options: the request with what the inspect view shows about it, and as
 * placeholderData the newest cached answer of the same query over another window. That is
 * read from the cache, not from react-query's previous query: useQueries gives a query of a
 * new key a new observer, which has no previous query to offer.
 */
function panelQuery<T>(client: QueryClient, queryKey: readonly unknown[], request: (init: { signal: AbortSignal; onMeta: (m: RequestMeta) => void }) => Promise<T>) {
  return {
    queryKey,
    queryFn: ({ signal }: { signal: AbortSignal }) => withMeta((onMeta) => request({ signal, onMeta })),
    placeholderData: () => newestAnswerOfSameQuery(queryKey, client.getQueryCache().findAll({ queryKey: queryKey.slice(0, 3) }) as unknown as CachedAnswer<WithMeta<T>>[]),
  };
}

/** A request's answer together with what the inspect view shows about it. */
async function withMeta<T>(request: (onMeta: (m: RequestMeta) => void) => Promise<T>): Promise<WithMeta<T>> {
  let meta: RequestMeta | null = null;
  const data = await request((m) => (meta = m));
  return { data, meta };
}

interface PanelQueriesInput {
  datasource: string;
  queries: PanelQuery[];
  minStepSeconds?: number;
}

/** What the data hooks take (the registry's PanelDataInput, for any panel with queries). */
interface QueriesInput {
  panel: PanelQueriesInput;
  range: ResolvedRange;
  variables: Record<string, string[]>;
  width: number;
  seen: boolean;
}

/**
 * The range queries of a panel: nothing until it has a width and has been near the
 * viewport; the step from its width (maxDataPoints), aligned so refreshes share the cache.
 */
export function useRangeSeries({ panel, range, variables, width, seen }: QueriesInput) {
  const window = useMemo(() => {
    if (width === 0 || !seen) return null;
    const stepSeconds = stepFor({ ...range, maxDataPoints: width, minStepSeconds: panel.minStepSeconds ?? 15 });
    const { start, end } = alignRange(range.startSeconds, range.endSeconds, stepSeconds);
    const builtins = { rangeSeconds: range.endSeconds - range.startSeconds, intervalSeconds: stepSeconds };
    return { start, end, stepSeconds, builtins, queries: interpolated(panel.queries, builtins, variables) };
  }, [width, seen, range, panel, variables]);
  const coverage = useHorizons(panel.datasource, window?.queries ?? NO_QUERIES, window !== null);
  const plans = useMemo(
    () => (window && coverage ? window.queries.map((q) => planCoverage(q, window.start, window.end, coverage.horizons, coverage.starts)) : null),
    [window, coverage],
  );
  const specs: RankedRangeQuery[] = useMemo(
    () =>
      window && plans && coverage
        ? plans.map((p, i) => {
            const spec = { datasource: panel.datasource, expr: p.expr, start: window.start, end: window.end, stepSeconds: window.stepSeconds };
            const first = panel.queries[i]?.rankFirst;
            const ranking = first ? rankingOf(p.expr) : null;
            if (!first || !ranking) return spec;
            // The same query with the node variable at the nodes the ranking kept, planned as the whole one was.
            const narrowed = (kept: string[]) => planCoverage(interpolated([panel.queries[i]!], window.builtins, { ...variables, [first.variable]: kept })[0]!, window.start, window.end, coverage.horizons, coverage.starts).expr;
            return { ...spec, rankFirst: { ranking, label: first.label, narrowed } };
          })
        : [],
    [window, plans, coverage, panel, variables],
  );

  const client = useQueryClient();
  const results = useQueries({
    queries: specs.map((spec) => panelQuery(client, promKeys.range(spec), (init) => rankedRange(spec, init))),
  });

  const stamp = results.map((r) => r.dataUpdatedAt).join();
  const perQuery: Series[][] = useMemo(
    () =>
      results.map((r, i) =>
        r.data ? matrixToSeries(r.data.data, { stepSeconds: specs[i]?.stepSeconds ?? 15, legend: panel.queries[i]?.legend, queryRef: String.fromCharCode(65 + i) }) : [],
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- results is a new array each render; its data are stable
    [stamp, specs, panel.queries],
  );
  const series = useMemo(() => perQuery.flat(), [perQuery]);

  const inspect: InspectInfo = useMemo(
    () => ({
      datasource: panel.datasource,
      queries: specs.map((s, i) => ({
        expr: s.expr,
        start: s.start,
        end: s.end,
        stepSeconds: s.stepSeconds,
        series: perQuery[i]?.length ?? 0,
        points: (perQuery[i] ?? []).reduce((n, x) => n + x.points.filter((p) => p[1] !== null).length, 0),
        meta: results[i]?.data?.meta ?? null,
        coverage: coverageOf(plans?.[i]),
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
    [specs, perQuery, stamp, panel.datasource, plans],
  );

  return {
    specs,
    series,
    inspect,
    error: results.find((r) => r.error)?.error ?? null,
    loading: specs.length === 0 || results.some((r) => r.isPending),
    /** Drawing the same query's newest cached answer while this window's loads. */
    refreshing: results.some((r) => r.isPlaceholderData),
  };
}

export type RangeData = ReturnType<typeof useRangeSeries>;

/** A panel's range query; a rank-first one (PanelQuery.rankFirst) with its ranking and the query narrowed to what it kept. */
type RankedRangeQuery = RangeQuery & { rankFirst?: { ranking: string; label: string; narrowed: (kept: string[]) => string } };

/**
 * One panel range query, cached under the expression as written: a rank-first one asks its
 * ranking alone at the window's end, then the range for the nodes it kept
 * (lib/dashboards/rank-first.ts), and answers what the one-step query would.
 */
async function rankedRange(spec: RankedRangeQuery, init: { signal: AbortSignal; onMeta: (m: RequestMeta) => void }): Promise<Matrix> {
  if (!spec.rankFirst) return queryRange(spec, init);
  const ranked = await queryInstant({ datasource: spec.datasource, expr: spec.rankFirst.ranking, time: spec.end }, init);
  const kept = keptValues(ranked, spec.rankFirst.label);
  // None kept: nothing to draw, and nothing to ask (an empty variable would mean every node).
  if (kept.length === 0) return { resultType: "matrix", result: [] };
  return queryRange({ ...spec, expr: spec.rankFirst.narrowed(kept) }, init);
}

/** The instant queries of a panel at the end of the range (the "current" value). */
export function useInstantVectors({ panel, range, variables, seen }: QueriesInput) {
  const at = useMemo(() => {
    if (!seen) return null;
    const builtins = { rangeSeconds: range.endSeconds - range.startSeconds, intervalSeconds: panel.minStepSeconds ?? 15 };
    return { time: alignInstant(range.endSeconds, panel.minStepSeconds ?? 15), queries: interpolated(panel.queries, builtins, variables) };
  }, [seen, panel, variables, range.endSeconds, range.startSeconds]);
  const coverage = useHorizons(panel.datasource, at?.queries ?? NO_QUERIES, at !== null);
  // An instant query's window is what its own ranges reach back (`[7d:1m]`) from its time.
  const plans = useMemo(() => (at && coverage ? at.queries.map((q) => planCoverage(q, at.time, at.time, coverage.horizons, coverage.starts)) : null), [at, coverage]);
  const specs = useMemo(() => (at && plans ? plans.map((p) => ({ datasource: panel.datasource, expr: p.expr, time: at.time })) : []), [at, plans, panel.datasource]);
  const client = useQueryClient();
  const results = useQueries({
    queries: specs.map((spec) => panelQuery(client, promKeys.instant(spec), (init) => queryInstant(spec, init))),
  });
  const stamp = results.map((r) => r.dataUpdatedAt).join();
  const vectors: Vector[] | null = useMemo(
    () => (results.length > 0 && results.every((r) => r.data) ? results.map((r) => r.data!.data) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- results is a new array each render
    [stamp],
  );
  const inspect: InspectInfo = useMemo(
    () => ({
      datasource: panel.datasource,
      queries: specs.map((s, i) => ({
        expr: s.expr,
        start: s.time,
        end: s.time,
        stepSeconds: null,
        series: results[i]?.data?.data.result.length ?? 0,
        points: results[i]?.data?.data.result.length ?? 0,
        meta: results[i]?.data?.meta ?? null,
        coverage: coverageOf(plans?.[i]),
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
    [specs, stamp, panel.datasource, plans],
  );
  return {
    vectors,
    inspect,
    error: results.find((r) => r.error)?.error ?? null,
    loading: specs.length === 0 || results.some((r) => r.isPending),
    /** Drawing the same query's newest cached answer while this window's loads. */
    refreshing: results.some((r) => r.isPlaceholderData),
  };
}

function coverageOf(plan: CoveragePlan | undefined): InspectInfo["queries"][number]["coverage"] {
  if (!plan || (!plan.usedRaw && plan.partialSinceMs === null)) return null;
  const { expr: _expr, ...coverage } = plan;
  return coverage;
}

export type InstantData = ReturnType<typeof useInstantVectors>;
