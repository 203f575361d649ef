"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { AlertBandList, BandsAt, SilenceBandList } from "@/components/charts/AlertBandList";
import { EChart } from "@/components/charts/EChart";
import { Legend } from "@/components/charts/Legend";
import { alertIntervals } from "@/lib/alerting/alert-intervals";
import { alertBands } from "@/lib/charts/alert-bands";
import { silenceBands } from "@/lib/alerting/silences";
import { seriesToCsv } from "@/lib/charts/csv";
import { forecastSeries } from "@/lib/charts/forecast";
import { panelLinks } from "@/lib/dashboards/links";
import { topFiniteBucket } from "@/lib/charts/quantile";
import { timeSeriesOption } from "@/lib/charts/time-series-option";
import type { TimeSeriesPanel as TimeSeriesPanelDef } from "@/lib/dashboards/types";
import { labelValues, queryRange } from "@/lib/prom/client";
import { promKeys } from "@/lib/prom/keys";
import { frameOf, Panel, PanelBody } from "./Panel";
import type { PanelDataInput, PanelViewProps } from "./panel-types";
import { useRangeSeries } from "./use-panel-data";

/**
 * A time-series panel's data: its range queries (at a step from its width), the ALERTS
 * series over the same window (for its alert bands), and for a quantile panel the `le`
 * values of the histogram it reads (its top finite bucket).
 */
export function useTimeSeriesData(input: PanelDataInput<TimeSeriesPanelDef>) {
  const { panel, seen } = input;
  const range = useRangeSeries(input);
  const { specs } = range;
  const alertsSpec = useMemo(() => (specs[0] && panel.alertBands ? { ...specs[0], expr: "ALERTS" } : null), [specs, panel.alertBands]);
  const alerts = useQuery({
    queryKey: alertsSpec ? promKeys.range(alertsSpec) : promKeys.none,
    queryFn: ({ signal }) => queryRange(alertsSpec!, { signal }),
    enabled: alertsSpec !== null,
  });
  const histogram = panel.queries.find((q) => q.histogram)?.histogram;
  const buckets = useQuery({
    queryKey: promKeys.labelValues({ datasource: panel.datasource, label: "le", match: `${histogram}_bucket` }),
    queryFn: ({ signal }) => labelValues({ datasource: panel.datasource, label: "le", match: `${histogram}_bucket` }, { signal }),
    enabled: histogram !== undefined && seen,
    staleTime: 600_000,
  });
  return { ...range, alertsSpec, alerts: alerts.data, buckets: buckets.data };
}

let hatch: unknown;
/** A diagonal hatch as an ECharts image pattern, made once in the browser. */
function hatchPattern(): unknown {
  if (hatch || typeof document === "undefined") return hatch;
  const c = document.createElement("canvas");
  c.width = c.height = 8;
  const ctx = c.getContext("2d");
  if (!ctx) return undefined;
  ctx.strokeStyle = "rgba(142, 142, 142, 0.55)";
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.stroke();
  hatch = { image: c, repeat: "repeat" };
  return hatch;
}

/** Lines (or areas, or bars) over time with thresholds, alert and silence bands, annotations and a forecast. */
export function TimeSeriesPanel({ panel, range, variables, onZoom, group, annotations, silences, notes, onInspect, data, body }: PanelViewProps<TimeSeriesPanelDef, ReturnType<typeof useTimeSeriesData>>) {
  const width = body.width;
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const png = useRef<(() => string | null) | null>(null);
  const [showForecast, setShowForecast] = useState(panel.forecast);
  const [hoverMs, setHoverMs] = useState<number | null>(null);
  // maxDataPoints is the panel's rendered width: no more points than pixels.
  const { series, inspect, error, loading, refreshing, alertsSpec } = data;
  useEffect(() => onInspect?.(inspect, { loading, error }), [onInspect, inspect, loading, error]);

  const bands = useMemo(
    () => (data.alerts && alertsSpec ? alertBands(alertIntervals(data.alerts, alertsSpec.stepSeconds), series) : []),
    [data.alerts, alertsSpec, series],
  );

  const silenced = useMemo(
    () => (silences && panel.alertBands ? silenceBands(silences, series, { fromMs: range.startSeconds * 1000, toMs: range.endSeconds * 1000 }) : []),
    [silences, series, range, panel.alertBands],
  );

  // A quantile panel: the top finite bucket of the histogram it reads, from its `le` values.
  const ceiling = data.buckets ? topFiniteBucket(data.buckets) : null;

  const forecast = useMemo(() => {
    const window = { fromMs: range.startSeconds * 1000, toMs: range.endSeconds * 1000 };
    return forecastSeries(series, window, (window.toMs - window.fromMs) / 4);
  }, [series, range]);

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
        forecast: showForecast ? forecast : undefined,
        annotations,
        style: panel.style,
        stack: panel.stack,
        silences: silenced,
        silencePattern: hatchPattern(),
        ceiling,
      }),
    [series, panel, range, hidden, bands, showForecast, forecast, annotations, silenced, ceiling],
  );


  function toggle(id: string) {
    setHidden((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <Panel
      {...frameOf(panel)}
      inspect={inspect}
      csv={() => (series.length ? seriesToCsv(series) : null)}
      png={png}
      links={panelLinks(panel.links, range, variables)}
      actions={[{ label: showForecast ? "Hide forecast" : "Show forecast", run: () => setShowForecast((f) => !f) }]}
    >
      <PanelBody
        bodyRef={body.ref}
        datasource={panel.datasource}
        error={error}
        loading={loading}
        refreshing={refreshing}
        empty={series.length === 0}
        emptyText="No data: the query returned no series for this time range."
      >
        <>
          <div style={{ position: "relative" }} data-x-min={(option.xAxis as { min: number }).min} data-x-max={(option.xAxis as { max: number }).max} data-hover-ms={hoverMs ?? ""}>
            <EChart
              option={option}
              className="chart"
              ariaLabel={`${panel.title} chart`}
              group={group}
              exportRef={png}
              onSelectRange={onZoom}
              onPointer={(e) => setHoverMs(e.type === "move" && e.value ? e.value[0] : null)}
            />
            <BandsAt
              bands={bands}
              silences={silenced}
              atMs={hoverMs}
              toleranceMs={width > 0 ? (((range.endSeconds - range.startSeconds) * 1000) / width) * 6 : 0}
              notes={notes}
            />
          </div>
          <Legend series={series} unit={panel.unit} hidden={hidden} onToggle={toggle} ceiling={ceiling} />
          <AlertBandList bands={bands} notes={notes} />
          <SilenceBandList bands={silenced} />
        </>
      </PanelBody>
    </Panel>
  );
}
