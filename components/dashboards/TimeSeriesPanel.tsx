"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { AlertBandList } from "@/components/charts/AlertBandList";
import { EChart } from "@/components/charts/EChart";
import { alertIntervals } from "@/lib/alerting/alert-intervals";
import { alertBands } from "@/lib/charts/alert-bands";
import { interpolate } from "@/lib/dashboards/variables";
import { Legend } from "@/components/charts/Legend";
import { matrixToSeries } from "@/lib/charts/matrix-to-series";
import { timeSeriesOption } from "@/lib/charts/time-series-option";
import type { TimeSeriesPanel as TimeSeriesPanelDef } from "@/lib/dashboards/types";
import type { ResolvedRange } from "@/lib/dashboards/time-range";
import { queryRange, type RangeQuery } from "@/lib/prom/client";
import { PromError } from "@/lib/prom/errors";
import { promKeys } from "@/lib/prom/keys";
import { alignRange, stepFor } from "@/lib/prom/step";
import { Panel, PanelError } from "./Panel";
import { useElementWidth } from "./use-element-width";
import { useSeenInViewport } from "./use-in-view";

export interface TimeSeriesPanelProps {
  panel: TimeSeriesPanelDef;
  range: ResolvedRange;
  /** The dashboard's variables, put into the panel's queries. */
  variables: Record<string, string[]>;
}

export function TimeSeriesPanel({ panel, range, variables }: TimeSeriesPanelProps) {
  const { ref, width } = useElementWidth<HTMLDivElement>();
  const seen = useSeenInViewport(ref);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());

  // maxDataPoints is the panel's rendered width: no more points than pixels.
  const specs: RangeQuery[] = useMemo(() => {
    if (width === 0 || !seen) return [];
    const stepSeconds = stepFor({ ...range, maxDataPoints: width, minStepSeconds: panel.minStepSeconds });
    const { start, end } = alignRange(range.startSeconds, range.endSeconds, stepSeconds);
    return panel.queries.map((q) => ({ datasource: panel.datasource, expr: interpolate(q.expr, variables), start, end, stepSeconds }));
  }, [width, seen, range, panel, variables]);

  const results = useQueries({
    queries: specs.map((spec) => ({
      queryKey: promKeys.range(spec),
      queryFn: ({ signal }: { signal: AbortSignal }) => queryRange(spec, { signal }),
    })),
  });

  // Alert bands: the ALERTS series over the same window, matched to this panel's series.
  const alertsSpec = useMemo(() => (specs[0] && panel.alertBands ? { ...specs[0], expr: "ALERTS" } : null), [specs, panel.alertBands]);
  const alerts = useQuery({
    queryKey: alertsSpec ? promKeys.range(alertsSpec) : ["prom", "none"],
    queryFn: ({ signal }) => queryRange(alertsSpec!, { signal }),
    enabled: alertsSpec !== null,
  });

  const series = useMemo(
    () =>
      results.flatMap((r, i) =>
        r.data ? matrixToSeries(r.data, { stepSeconds: specs[i]?.stepSeconds ?? 15, legend: panel.queries[i]?.legend, queryRef: String.fromCharCode(65 + i) }) : [],
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- results is a new array each render; its data are stable
    [results.map((r) => r.dataUpdatedAt).join(), specs, panel.queries],
  );

  const bands = useMemo(
    () => (alerts.data && alertsSpec ? alertBands(alertIntervals(alerts.data, alertsSpec.stepSeconds), series) : []),
    [alerts.data, alertsSpec, series],
  );

  const option = useMemo(
    () =>
      timeSeriesOption({
        series,
        unit: panel.unit,
        thresholds: panel.thresholds,
        min: panel.min,
        max: panel.max,
        fromMs: range.startSeconds * 1000,
        toMs: range.endSeconds * 1000,
        hidden,
        bands,
      }),
    [series, panel, range, hidden, bands],
  );

  const error = results.find((r) => r.error)?.error;
  const loading = specs.length === 0 || results.some((r) => r.isPending);

  function toggle(id: string) {
    setHidden((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <Panel id={panel.id} title={panel.title} description={panel.description}>
      <div ref={ref} style={{ display: "flex", flexDirection: "column", flex: 1, minHeight: 0 }}>
        {error ? (
          <PanelError
            datasource={panel.datasource}
            errorType={error instanceof PromError ? error.errorType : "error"}
            message={error.message}
          />
        ) : loading ? (
          <div className="skeleton" data-state="loading" aria-label="Loading" />
        ) : series.length === 0 ? (
          <div className="panel-state" data-state="empty">
            No data: the query returned no series for this time range.
          </div>
        ) : (
          <>
            <EChart option={option} className="chart" ariaLabel={`${panel.title} chart`} />
            <Legend series={series} unit={panel.unit} hidden={hidden} onToggle={toggle} />
            <AlertBandList bands={bands} />
          </>
        )}
      </div>
    </Panel>
  );
}
