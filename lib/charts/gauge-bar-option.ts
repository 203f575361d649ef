import type { BarSeriesOption, GaugeSeriesOption } from "echarts/charts";
import type { GridComponentOption, TooltipComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import type { Bar } from "./panel-data";
import { thresholdColor } from "./palette";
import type { Threshold } from "./time-series-option";
import { formatValue, type Unit } from "./units";

export type GaugeChartOption = ComposeOption<GaugeSeriesOption>;
export type BarChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

/** The threshold steps as the gauge's coloured arc: [share of the scale, colour] stops. */
export function gaugeStops(min: number, max: number, thresholds: Threshold[], base: string): [number, string][] {
  const span = max - min || 1;
  const steps = [...thresholds].filter((t) => t.value > min && t.value < max).sort((a, b) => a.value - b.value);
  const stops: [number, string][] = [];
  let color = base;
  for (const t of steps) {
    stops.push([(t.value - min) / span, color]);
    color = t.color;
  }
  stops.push([1, color]);
  return stops;
}

export function gaugeOption(input: { value: number | null; min: number; max: number; unit: Unit; thresholds: Threshold[]; baseColor: string }): GaugeChartOption {
  const color = thresholdColor(input.value, input.thresholds, input.baseColor);
  return {
    animation: false,
    series: [
      {
        type: "gauge",
        min: input.min,
        max: input.max,
        radius: "95%",
        center: ["50%", "60%"],
        startAngle: 210,
        endAngle: -30,
        progress: { show: true, width: 14, itemStyle: { color } },
        axisLine: { lineStyle: { width: 14, color: gaugeStops(input.min, input.max, input.thresholds, input.baseColor).map(([at, c]) => [at, `${c}40`]) } },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        anchor: { show: false },
        title: { show: false },
        detail: { valueAnimation: false, fontSize: 28, offsetCenter: [0, 0], color, formatter: () => formatValue(input.value, input.unit) },
        data: [{ value: input.value ?? input.min }],
      },
    ],
  };
}

/** Horizontal bars, largest on top, coloured by threshold. */
export function barOption(input: { bars: Bar[]; unit: Unit; thresholds: Threshold[]; baseColor: string }): BarChartOption {
  const bars = [...input.bars].reverse(); // ECharts draws the first category at the bottom.
  return {
    animation: false,
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: "item", valueFormatter: (v) => formatValue(typeof v === "number" ? v : null, input.unit) },
    xAxis: { type: "value", axisLabel: { formatter: (v: number) => formatValue(v, input.unit) }, splitLine: { lineStyle: { color: "rgba(128,128,128,0.2)" } } },
    yAxis: { type: "category", data: bars.map((b) => b.name) },
    series: [
      {
        type: "bar",
        data: bars.map((b) => ({ value: b.value, itemStyle: { color: thresholdColor(b.value, input.thresholds, input.baseColor) } })),
        label: { show: true, position: "right", formatter: (p) => formatValue(typeof p.value === "number" ? p.value : null, input.unit) },
      },
    ],
  };
}
