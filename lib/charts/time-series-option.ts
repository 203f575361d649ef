import type { LineSeriesOption } from "echarts/charts";
import type {
  GridComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from "echarts/components";
import type { ComposeOption } from "echarts/core";
import type { AlertBand } from "./alert-bands";
import type { Series } from "./matrix-to-series";
import { formatQuantile } from "./quantile";
import { formatValue, type Unit } from "./units";

export type TimeSeriesChartOption = ComposeOption<
  LineSeriesOption | GridComponentOption | TooltipComponentOption | MarkLineComponentOption | MarkAreaComponentOption
>;

export interface Threshold {
  value: number;
  color: string;
}

export interface TimeSeriesOptionInput {
  series: Series[];
  unit: Unit;
  thresholds?: Threshold[];
  min?: number;
  max?: number;
  /** The requested window, ms: the x axis shows all of it even where data is missing. */
  fromMs: number;
  toMs: number;
  hidden?: ReadonlySet<string>;
  /** Alert intervals drawn as bands behind the lines. */
  bands?: AlertBand[];
  style?: "line" | "area";
  stack?: boolean;
  /** Silences that covered the panel's series: hatched bands. */
  silences?: { fromMs: number; toMs: number; comment: string }[];
  /** The hatch (an ECharts image pattern made by the component); a flat grey without one. */
  silencePattern?: unknown;
  /** Deploys, maintenance…: a dashed line at a point, a tinted band for a range. */
  annotations?: { startsAt: number; endsAt: number | null; text: string }[];
  /** Projections (lib/charts/forecast.ts), dashed, in their series' colours; the axis extends to their end. */
  forecast?: Series[];
  /** A quantile panel's top finite bucket: values there read "≥" it (lib/charts/quantile.ts). */
  ceiling?: number | null;
}

/** A fixed palette so a series keeps its colour between refreshes. */
export const PALETTE = [
  "#73bf69", "#f2cc0c", "#8ab8ff", "#ff780a", "#f2495c", "#5794f2", "#b877d9", "#705da0",
  "#37872d", "#fade2a", "#447ebc", "#c15c17", "#890f02", "#0a437c", "#6d1f62", "#584477",
];

export const ANNOTATION_COLOR = "#5794f2";

/** Annotations in the window as markLine data (points) and markArea pairs (ranges, clipped). */
export function annotationMarks(annotations: { startsAt: number; endsAt: number | null; text: string }[], fromMs: number, toMs: number) {
  const lines: NonNullable<MarkLineComponentOption["data"]> = [];
  const areas: unknown[] = [];
  for (const a of annotations) {
    if (a.endsAt === null) {
      if (a.startsAt >= fromMs && a.startsAt <= toMs) lines.push({ xAxis: a.startsAt, name: a.text, lineStyle: { color: ANNOTATION_COLOR, type: "dashed", width: 1.5 } });
    } else if (a.endsAt >= fromMs && a.startsAt <= toMs) {
      areas.push([{ xAxis: Math.max(a.startsAt, fromMs), name: a.text, itemStyle: { color: "rgba(87, 148, 242, 0.12)" } }, { xAxis: Math.min(a.endsAt, toMs) }]);
    }
  }
  return { lines, areas };
}

function thresholdLines(thresholds: Threshold[]): MarkLineComponentOption {
  return {
    silent: true,
    symbol: "none",
    label: { show: false },
    data: thresholds.map((t) => ({ yAxis: t.value, lineStyle: { color: t.color, type: "dashed", width: 1 } })),
  };
}

/** Series → the ECharts option of a time-series panel. Pure; the component only renders it. */
export function timeSeriesOption(input: TimeSeriesOptionInput): TimeSeriesChartOption {
  const visible = input.series.filter((s) => !input.hidden?.has(s.id));
  const lines: LineSeriesOption[] = visible.map((s) => ({
    type: "line",
    id: s.id,
    name: s.name,
    data: s.points,
    showSymbol: false,
    connectNulls: false,
    lineStyle: { width: 1.5 },
    color: PALETTE[input.series.indexOf(s) % PALETTE.length],
    emphasis: { focus: "series" },
    ...(input.style === "area" ? { areaStyle: { opacity: input.stack ? 0.6 : 0.15 } } : {}),
    ...(input.stack ? { stack: "total" } : {}),
  }));
  for (const f of input.forecast ?? []) {
    const source = input.series.findIndex((s) => `forecast:${s.id}` === f.id);
    if (source < 0 || input.hidden?.has(input.series[source]!.id)) continue;
    lines.push({
      type: "line",
      id: f.id,
      name: f.name,
      data: f.points,
      showSymbol: false,
      silent: true,
      lineStyle: { width: 1.5, type: "dashed", opacity: 0.8 },
      color: PALETTE[source % PALETTE.length],
    });
  }
  const forecastEnd = Math.max(input.toMs, ...(input.forecast ?? []).map((f) => f.points.at(-1)?.[0] ?? 0));
  const first = lines[0];
  const marks = annotationMarks(input.annotations ?? [], input.fromMs, forecastEnd);
  if (first && (input.thresholds?.length || marks.lines.length)) {
    first.markLine = thresholdLines(input.thresholds ?? []);
    first.markLine.data = [...(first.markLine.data ?? []), ...marks.lines];
  }
  const areas = [
    ...(input.bands ?? []).map((b) => [{ xAxis: b.interval.fromMs, itemStyle: { color: b.color } }, { xAxis: b.interval.toMs }]),
    ...marks.areas,
    ...(input.silences ?? []).map((b) => [
      { xAxis: b.fromMs, name: b.comment, itemStyle: { color: input.silencePattern ?? "rgba(142, 142, 142, 0.18)" } },
      { xAxis: b.toMs },
    ]),
  ];
  if (first && areas.length) first.markArea = { silent: true, label: { show: false }, data: areas as never };
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 12, bottom: 28 },
    tooltip: {
      trigger: "axis",
      confine: true,
      className: "chart-axis-tooltip",
      valueFormatter: (v) => formatQuantile(typeof v === "number" ? v : null, input.unit, input.ceiling),
    },
    xAxis: { type: "time", min: input.fromMs, max: forecastEnd },
    yAxis: {
      type: "value",
      min: input.min,
      max: input.max,
      axisLabel: { formatter: (v: number) => formatValue(v, input.unit) },
      splitLine: { lineStyle: { color: "rgba(128,128,128,0.2)" } },
    },
    series: lines,
  };
}
