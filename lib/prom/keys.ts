import type { RangeQuery } from "./client";

/**
 * Query keys are data: the whole spec is the key, so two panels with the same aligned
 * query share one request and a refresh invalidates the `promKeys.all` prefix.
 */
export const promKeys = {
  all: ["prom"] as const,
  datasource: (datasource: string) => [...promKeys.all, datasource] as const,
  labelValues: (q: { datasource: string; label: string; match?: string }) =>
    [...promKeys.datasource(q.datasource), "label_values", { label: q.label, match: q.match ?? null }] as const,
  instant: (q: { datasource: string; expr: string; time: number }) => [...promKeys.datasource(q.datasource), "query", { expr: q.expr, time: q.time }] as const,
  range: (q: RangeQuery) =>
    [...promKeys.datasource(q.datasource), "query_range", { expr: q.expr, start: q.start, end: q.end, step: q.stepSeconds }] as const,
};
