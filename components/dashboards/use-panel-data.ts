"use client";

import { useQueries, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { matrixToSeries, type Series } from "@/lib/charts/matrix-to-series";
import type { ResolvedRange } from "@/lib/dashboards/time-range";
import type { PanelQuery } from "@/lib/dashboards/types";
import { interpolate, interpolateBuiltins } from "@/lib/dashboards/variables";
import { queryInstant, queryRange, type RangeQuery, type RequestMeta } from "@/lib/prom/client";
import { newestAnswerOfSameQuery, promKeys, type CachedAnswer } from "@/lib/prom/keys";
import type { Vector } from "@/lib/prom/schemas";
import { alignInstant, alignRange, stepFor } from "@/lib/prom/step";

/** What the inspect view shows: each query as sent, and what came back. */
export interface InspectInfo {
  datasource: string;
  queries: { expr: string; start: number; end: number; stepSeconds: number | null; series: number; points: number; meta: RequestMeta | null }[];
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

/**
 * The range queries of a panel: nothing until it has a width and has been near the
 * viewport; the step from its width (maxDataPoints), aligned so refreshes share the cache.
 */
export function useRangeSeries(panel: PanelQueriesInput, range: ResolvedRange, variables: Record<string, string[]>, width: number, seen: boolean) {
  const specs: RangeQuery[] = useMemo(() => {
    if (width === 0 || !seen) return [];
    const stepSeconds = stepFor({ ...range, maxDataPoints: width, minStepSeconds: panel.minStepSeconds ?? 15 });
    const { start, end } = alignRange(range.startSeconds, range.endSeconds, stepSeconds);
    const builtins = { rangeSeconds: range.endSeconds - range.startSeconds, intervalSeconds: stepSeconds };
    return panel.queries.map((q) => ({ datasource: panel.datasource, expr: interpolate(interpolateBuiltins(q.expr, builtins), variables), start, end, stepSeconds }));
  }, [width, seen, range, panel, variables]);

  const client = useQueryClient();
  const results = useQueries({
    queries: specs.map((spec) => panelQuery(client, promKeys.range(spec), (init) => queryRange(spec, init))),
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
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
    [specs, perQuery, stamp, panel.datasource],
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

/** The instant queries of a panel at the end of the range (the "current" value). */
export function useInstantVectors(panel: PanelQueriesInput, range: ResolvedRange, variables: Record<string, string[]>, seen: boolean) {
  const specs = useMemo(
    () => {
      if (!seen) return [];
      const builtins = { rangeSeconds: range.endSeconds - range.startSeconds, intervalSeconds: panel.minStepSeconds ?? 15 };
      return panel.queries.map((q) => ({ datasource: panel.datasource, expr: interpolate(interpolateBuiltins(q.expr, builtins), variables), time: alignInstant(range.endSeconds, panel.minStepSeconds ?? 15) }));
    },
    [seen, panel, variables, range.endSeconds, range.startSeconds],
  );
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
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
    [specs, stamp, panel.datasource],
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
