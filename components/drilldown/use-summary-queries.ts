"use client";

import { useQuery } from "@tanstack/react-query";
import { alertIntervals, alertMatchesSeries, type AlertInterval } from "@/lib/alerting/alert-intervals";
import type { ResolvedRange } from "@/lib/dashboards/time-range";
import { queryInstant, queryRange } from "@/lib/prom/client";
import { promKeys } from "@/lib/prom/keys";
import type { Labels } from "@/lib/prom/schemas";
import { alignRange, stepFor } from "@/lib/prom/step";

/** The labels of the series an instant query finds at the window's end (the first one's, and all of them). */
export function useInstantLabels(expr: string | null, range: ResolvedRange | null) {
  // A window that reaches into the future (opened around a clicked time) is read at now, not past the last sample.
  const spec = expr && range ? { datasource: "default", expr, time: Math.min(range.endSeconds, Math.floor(Date.now() / 15_000) * 15) } : null;
  return useQuery({
    queryKey: spec ? promKeys.instant(spec) : promKeys.none,
    queryFn: ({ signal }) => queryInstant(spec!, { signal }),
    enabled: spec !== null,
    select: (v) => v.result.map((s) => ({ labels: s.metric, value: Number(s.value[1]) })),
  });
}

/** A range query over the dashboard's window at about 240 points: the samples of each series. */
export function useWindowSamples(expr: string | null, range: ResolvedRange | null) {
  const spec = (() => {
    if (!expr || !range) return null;
    const stepSeconds = stepFor({ ...range, maxDataPoints: 240, minStepSeconds: 15 });
    return { datasource: "default", expr, ...alignRange(range.startSeconds, range.endSeconds, stepSeconds), stepSeconds };
  })();
  return useQuery({
    queryKey: spec ? promKeys.range(spec) : promKeys.none,
    queryFn: ({ signal }) => queryRange(spec!, { signal }),
    enabled: spec !== null,
    select: (m) => ({ matrix: m, stepSeconds: spec?.stepSeconds ?? 15 }),
  });
}

/** The alerts (pending or firing) in the window that concern a thing with these labels: a GPU, a node. */
export function useAlertHistory(about: Labels | null, range: ResolvedRange | null): { intervals: AlertInterval[]; loading: boolean; error: string | null } {
  const q = useWindowSamples(about ? "ALERTS" : null, range);
  const intervals = q.data && about ? alertIntervals(q.data.matrix, q.data.stepSeconds).filter((i) => alertMatchesSeries(i.labels, about)) : [];
  return { intervals, loading: q.isPending && about !== null, error: q.error?.message ?? null };
}
