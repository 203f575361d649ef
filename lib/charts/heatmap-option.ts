import type { CustomSeriesOption } from "echarts/charts";
import type { GridComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";

export type HeatmapChartOption = ComposeOption<CustomSeriesOption | GridComponentOption>;

/** Fixed margins: the component paints the image at exactly the plot's pixel size. */
export const HEATMAP_GRID = { left: 120, right: 12, top: 8, bottom: 28 } as const;

export interface HeatmapOptionInput {
  /** The x extent, ms: from the first column's left edge to the last one's right edge. */
  fromMs: number;
  toMs: number;
  rows: number;
  /** The cells painted at the plot's size (null until painted). */
  image: CanvasImageSource | null;
  /** The name of a displayed row, for the axis. */
  rowLabel: (row: number) => string;
}

/** Where a column sits on the time axis: centred on its sample's timestamp. */
export function heatmapExtentMs(start: number, step: number, cols: number): { fromMs: number; toMs: number } {
  return { fromMs: (start - step / 2) * 1000, toMs: (start + (cols - 0.5) * step) * 1000 };
}

/**
 * The heatmap as ECharts draws it: ECharts' time and row axes, and one custom-series
 * element that is the whole cell matrix as one image, instead of one rectangle per cell.
 */
export function heatmapOption(input: HeatmapOptionInput): HeatmapChartOption {
  return {
    animation: false,
    grid: { ...HEATMAP_GRID },
    xAxis: { type: "time", min: input.fromMs, max: input.toMs, splitLine: { show: false } },
    yAxis: {
      type: "value",
      min: 0,
      max: input.rows,
      inverse: true,
      minInterval: 1,
      splitLine: { show: false },
      axisLabel: { formatter: (v: number) => (v < input.rows ? input.rowLabel(Math.floor(v)) : ""), fontSize: 11 },
    },
    series: [
      {
        type: "custom",
        silent: true,
        clip: true,
        data: [0],
        renderItem: (params) => {
          const rect = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
          if (!input.image) return { type: "group", children: [] };
          return { type: "image", style: { image: input.image as HTMLCanvasElement, x: rect.x, y: rect.y, width: rect.width, height: rect.height } };
        },
      },
    ],
  };
}
