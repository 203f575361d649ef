/**
 * The browser side of `npm run bench:heatmap` (bundled by esbuild, served by
 * scripts/bench/heatmap.ts). One chart per page load, chosen by ?mode=:
 *   stock      Prometheus' JSON → ECharts' own heatmap series (one rectangle per cell)
 *   image      the console's compact heatmap folded to the plot's pixel rows → one image
 *   image-full the same with every GPU as its own row (no folding): the bytes of all cells
 * Time runs from before the request to the first paint after ECharts' "finished" event;
 * `fetchMs` is the part until the response's last byte (the same Prometheus query for both).
 */
import { CustomChart, HeatmapChart } from "echarts/charts";
import { GridComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { paintCells } from "@/lib/charts/heatmap-image";
import { HEATMAP_GRID, heatmapExtentMs, heatmapOption } from "@/lib/charts/heatmap-option";
import { COLOR_SCHEMES, paletteRGBA } from "@/lib/charts/palette";
import { fetchHeatmap } from "@/lib/heatmap/client";

echarts.use([HeatmapChart, CustomChart, GridComponent, VisualMapComponent, CanvasRenderer]);

declare global {
  interface Window {
    __bench?: { ms: number; fetchMs: number; cells: number; rows: number; cols: number; error?: string };
  }
}

const params = new URLSearchParams(location.search);
const mode = params.get("mode") ?? "image";
const query = params.get("query")!;
const start = Number(params.get("start"));
const end = Number(params.get("end"));
const step = Number(params.get("step"));

const el = document.getElementById("chart")!;
const chart = echarts.init(el, "dark", { renderer: "canvas" });
const finished = () => new Promise<void>((resolve) => chart.on("finished", () => resolve()));
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

async function stock(t0: number) {
  const res = await fetch("/prom/api/v1/query_range", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ query, start: String(start), end: String(end), step: String(step) }),
  });
  const body = (await res.json()) as { data: { result: { metric: Record<string, string>; values: [number, string][] }[] } };
  const series = body.data.result;
  const cols = Math.floor((end - start) / step) + 1;
  const data: [number, number, number][] = [];
  series.forEach((s, row) => {
    for (const [t, v] of s.values) data.push([Math.round((t - start) / step), row, Number(v)]);
  });
  const done = finished();
  chart.setOption({
    animation: false,
    grid: { ...HEATMAP_GRID },
    xAxis: { type: "category", data: Array.from({ length: cols }, (_, i) => new Date((start + i * step) * 1000).toISOString().slice(11, 16)) },
    yAxis: { type: "category", data: series.map((s) => `${s.metric.Hostname} GPU ${s.metric.gpu}`), inverse: true },
    visualMap: { show: false, min: 0, max: 100, inRange: { color: [...COLOR_SCHEMES.utilization] } },
    series: [{ type: "heatmap", data, progressive: Number(params.get("progressive") ?? 400) }],
  });
  await done;
  await frame();
  return { ms: performance.now() - t0, cells: data.length, rows: series.length, cols };
}

async function image(t0: number, full: boolean) {
  const plot = { width: el.clientWidth - HEATMAP_GRID.left - HEATMAP_GRID.right, height: el.clientHeight - HEATMAP_GRID.top - HEATMAP_GRID.bottom };
  const { heatmap } = await fetchHeatmap({
    datasource: "default",
    expr: query,
    start,
    end,
    stepSeconds: step,
    rows: full ? 16_384 : plot.height,
    aggregate: "max",
    sort: "node",
    min: 0,
    max: 100,
  });
  const dpr = window.devicePixelRatio || 1;
  const size = { width: Math.round(plot.width * dpr), height: Math.round(plot.height * dpr) };
  const canvas = document.createElement("canvas");
  canvas.width = size.width;
  canvas.height = size.height;
  const pixels = paintCells(heatmap.cells, heatmap.header, paletteRGBA("utilization"), size);
  canvas.getContext("2d")!.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, size.width, size.height), 0, 0);
  const { fromMs, toMs } = heatmapExtentMs(heatmap.header.start, heatmap.header.step, heatmap.header.cols);
  const done = finished();
  chart.setOption(heatmapOption({ fromMs, toMs, rows: heatmap.header.rows, image: canvas, rowLabel: (r) => heatmap.members[r * heatmap.header.groupSize]?.Hostname ?? "" }));
  await done;
  await frame();
  return { ms: performance.now() - t0, cells: heatmap.members.length * heatmap.header.cols, rows: heatmap.header.rows, cols: heatmap.header.cols };
}

/** When the data request's last byte arrived, from the resource timing of the page. */
function fetchedAt(): number {
  const entry = performance.getEntriesByType("resource").find((e) => /query_range|api\/heatmap/.test(e.name)) as PerformanceResourceTiming | undefined;
  return entry?.responseEnd ?? Number.NaN;
}

const t0 = performance.now();
(mode === "stock" ? stock(t0) : image(t0, mode === "image-full")).then(
  (r) => (window.__bench = { ...r, fetchMs: fetchedAt() - t0 }),
  (e: Error) => (window.__bench = { ms: -1, fetchMs: -1, cells: 0, rows: 0, cols: 0, error: e.message }),
);
