"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { EChart, type PointerEvent } from "@/components/charts/EChart";
import { useTimeZone } from "@/components/charts/time-zone";
import { formatTime } from "@/lib/dashboards/time-range";
import { paintCells } from "@/lib/charts/heatmap-image";
import { HEATMAP_GRID, heatmapExtentMs, heatmapOption } from "@/lib/charts/heatmap-option";
import { formatLegend } from "@/lib/charts/matrix-to-series";
import { paletteRGBA, schemeGradient } from "@/lib/charts/palette";
import { formatValue } from "@/lib/charts/units";
import { buildLink, fillLabelsInQuery } from "@/lib/dashboards/links";
import type { HeatmapPanel as HeatmapPanelDef } from "@/lib/dashboards/types";
import { interpolate } from "@/lib/dashboards/variables";
import { heatmapToCsv, memberAt, type DecodedHeatmap } from "@/lib/heatmap/codec";
import { fetchHeatmap, heatmapKeys, type HeatmapQuery } from "@/lib/heatmap/client";
import { levelValue, rowsSummary } from "@/lib/heatmap/grid";
import { queryInstant } from "@/lib/prom/client";
import { promKeys } from "@/lib/prom/keys";
import { alignRange, stepFor } from "@/lib/prom/step";
import { frameOf, Panel, PanelBody } from "./Panel";
import type { PanelDataInput, PanelViewProps } from "./panel-types";
import type { InspectInfo } from "./use-panel-data";

const CHART_HEIGHT = 420;

/** The plot inside the chart's grid, for a body this wide: one column per pixel at most, one displayed row per pixel row. */
const plotOf = (width: number) => ({ width: Math.max(width - HEATMAP_GRID.left - HEATMAP_GRID.right, 0), height: CHART_HEIGHT - HEATMAP_GRID.top - HEATMAP_GRID.bottom });

/** The heatmap's data: its grid from /api/heatmap, folded to the plot's pixel rows as the reader sorts and folds them. */
export function useHeatmapData({ panel, range, variables, width, seen }: PanelDataInput<HeatmapPanelDef>) {
  const plot = plotOf(width);
  const [sort, setSort] = useState(panel.sort);
  const [aggregate, setAggregate] = useState(panel.aggregate);
  const spec: HeatmapQuery | null = useMemo(() => {
    if (plot.width <= 0 || !seen) return null;
    const stepSeconds = stepFor({ ...range, maxDataPoints: plot.width, minStepSeconds: panel.minStepSeconds });
    const { start, end } = alignRange(range.startSeconds, range.endSeconds, stepSeconds);
    return {
      datasource: panel.datasource,
      expr: interpolate(panel.queries[0]!.expr, variables),
      start,
      end,
      stepSeconds,
      rows: plot.height,
      aggregate,
      sort,
      min: panel.min,
      max: panel.max,
    };
  }, [plot.width, plot.height, seen, range, panel, variables, sort, aggregate]);
  const result = useQuery({
    queryKey: spec ? heatmapKeys.query(spec) : [...heatmapKeys.all, "none"],
    queryFn: ({ signal }) => fetchHeatmap(spec!, { signal }),
    enabled: spec !== null,
    placeholderData: (previous) => previous,
  });
  return { spec, answer: result.data, error: result.error, fetching: result.isFetching, sort, setSort, aggregate, setAggregate };
}

interface Hover {
  left: number;
  top: number;
  row: number;
  col: number;
}

/** What the pointer is on: the GPU (the group's hottest when rows are folded), its time and value. */
function describeCell(h: DecodedHeatmap, row: number, col: number) {
  const member = memberAt(h, row, col);
  if (!member) return null;
  const { min, max, start, step, groupSize, aggregate } = h.header;
  const first = row * groupSize;
  const last = Math.min(first + groupSize, h.members.length) - 1;
  return {
    member,
    timeSeconds: start + col * step,
    value: levelValue(h.cells[row * h.header.cols + col]!, min, max),
    group: groupSize > 1 ? { first: h.members[first]!, last: h.members[last]!, size: last - first + 1, aggregate } : null,
  };
}

/** Every GPU a row, time across: the fleet at a glance, folded to the plot's pixel rows, each cell a link to its GPU. */
export function HeatmapPanel({ panel, range, variables, onZoom, data, body }: PanelViewProps<HeatmapPanelDef, ReturnType<typeof useHeatmapData>>) {
  const width = body.width;
  const router = useRouter();
  const zone = useTimeZone();
  const plot = plotOf(width);
  const { spec, sort, setSort, aggregate, setAggregate } = data;
  const heatmap = data.answer?.heatmap;

  const canvas = useMemo(() => {
    if (!heatmap || plot.width <= 0 || typeof document === "undefined") return null;
    const dpr = window.devicePixelRatio || 1;
    const size = { width: Math.round(plot.width * dpr), height: Math.round(plot.height * dpr) };
    const el = document.createElement("canvas");
    el.width = size.width;
    el.height = size.height;
    const pixels = paintCells(heatmap.cells, heatmap.header, paletteRGBA(panel.colorScheme), size);
    el.getContext("2d")?.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, size.width, size.height), 0, 0);
    return el;
  }, [heatmap, plot.width, plot.height, panel.colorScheme]);

  const option = useMemo(() => {
    if (!heatmap) return null;
    const { fromMs, toMs } = heatmapExtentMs(heatmap.header.start, heatmap.header.step, heatmap.header.cols);
    return heatmapOption({
      fromMs,
      toMs,
      rows: heatmap.header.rows,
      image: canvas,
      rowLabel: (row) => formatLegend(panel.rowLabel, heatmap.members[row * heatmap.header.groupSize] ?? {}),
    });
  }, [heatmap, canvas, panel.rowLabel]);

  const png = useRef<(() => string | null) | null>(null);
  const inspect: InspectInfo | undefined = spec
    ? {
        datasource: panel.datasource,
        queries: [
          {
            expr: spec.expr,
            start: spec.start,
            end: spec.end,
            stepSeconds: spec.stepSeconds,
            series: data.answer?.meta.series ?? 0,
            points: heatmap ? heatmap.members.length * heatmap.header.cols : 0,
            meta: data.answer ? { cache: data.answer.meta.cache, durationMs: data.answer.meta.durationMs, serverMs: data.answer.meta.serverMs, bytes: data.answer.meta.bytes, warnings: data.answer.meta.warnings, stale: data.answer.meta.stale } : null,
            // A heatmap draws per-GPU series: it reads no recording rule.
            coverage: null,
          },
        ],
      }
    : undefined;

  const [hover, setHover] = useState<Hover | null>(null);
  const cell = heatmap && hover ? describeCell(heatmap, hover.row, hover.col) : null;
  const detail = useCellDetail(panel, cell && cell.value !== null ? cell : null);

  function cellFromPointer(e: PointerEvent): Hover | null {
    if (!heatmap || !e.value || !e.plot) return null;
    const { start, step, cols, rows } = heatmap.header;
    const col = Math.round((e.value[0] / 1000 - start) / step);
    const row = Math.floor(e.value[1]);
    if (col < 0 || col >= cols || row < 0 || row >= rows) return null;
    return { left: e.plot.x + e.x + 14, top: e.plot.y + e.y + 14, row, col };
  }

  function onPointer(e: PointerEvent) {
    const at = cellFromPointer(e);
    if (e.type === "leave") return setHover(null);
    if (e.type === "move") return setHover(at);
    if (e.type === "click" && at && heatmap && panel.links[0]) {
      const c = describeCell(heatmap, at.row, at.col);
      if (c) router.push(buildLink(panel.links[0].url, { labels: c.member.labels, timeMs: c.timeSeconds * 1000, fromMs: range.startSeconds * 1000, toMs: range.endSeconds * 1000, variables }));
    }
  }

  const error = data.error;
  const header = heatmap?.header;
  const rows = useMemo(() => rowsSummary(heatmap?.members ?? []), [heatmap]);
  return (
    <Panel
      {...frameOf(panel)}
      inspect={inspect}
      csv={() => (heatmap ? heatmapToCsv(heatmap, panel.rowLabel) : null)}
      png={png}
    >
      <PanelBody
        bodyRef={body.ref}
        datasource={panel.datasource}
        error={error}
        loading={!heatmap || !option}
        loadingMinHeight={CHART_HEIGHT}
        empty={header?.rows === 0}
        emptyText="No data: the query returned no series for this time range."
      >
        {heatmap && option && (
          <>
            <div className="heatmap-note" data-testid="heatmap-note">
              <span data-gpus={rows.gpus} data-rows={header!.rows} data-mig-instances={rows.instances}>
                {rows.gpus.toLocaleString("en")} GPUs{rows.instances > 0 && ` (${rows.partitioned} drawn as their ${rows.instances} MIG instances)`} × {header!.cols} steps of {header!.step}s
                {header!.groupSize > 1 && ` · one row = ${header!.groupSize} GPUs (${header!.aggregate} of the group)`}
              </span>
              <span className="heatmap-scale">
                {formatValue(header!.min, panel.unit)}
                <span className="bar" style={{ background: schemeGradient(panel.colorScheme) }} />
                {formatValue(header!.max, panel.unit)}
              </span>
              <label>
                Sort{" "}
                <select aria-label="Sort rows" value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}>
                  <option value="node">by node</option>
                  <option value="mean">hottest first</option>
                </select>
              </label>
              {header!.groupSize > 1 && (
                <label>
                  Fold{" "}
                  <select aria-label="Fold rows by" value={aggregate} onChange={(e) => setAggregate(e.target.value as typeof aggregate)}>
                    <option value="max">max</option>
                    <option value="mean">mean</option>
                  </select>
                </label>
              )}
              {data.fetching && <span>updating…</span>}
            </div>
            <div style={{ position: "relative" }}>
              <EChart
                option={option}
                className="chart-tall"
                ariaLabel={`${panel.title} heatmap`}
                onPointer={onPointer}
                exportRef={png}
                onSelectRange={onZoom ? (from, to) => onZoom(from, to) : undefined}
              />
              {hover && cell && (
                <div className="chart-tooltip" role="tooltip" style={{ left: Math.min(hover.left, Math.max(width - 280, 0)), top: hover.top }}>
                  <strong>{formatLegend(panel.rowLabel, cell.member.labels)}</strong>
                  <div className="muted">
                    {cell.member.labels.cluster ? `${cell.member.labels.cluster} · ` : ""}
                    {formatTime(cell.timeSeconds * 1000, zone)}
                    {zone === "utc" ? " UTC" : ""}
                  </div>
                  <div>
                    {cell.value === null
                      ? "no data"
                      : `${cell.group ? `${cell.group.aggregate} of ${cell.group.size} GPUs: ` : ""}≈ ${formatValue(cell.value, panel.unit)}`}
                  </div>
                  {cell.group && (
                    <div className="muted">
                      {formatLegend(panel.rowLabel, cell.group.first)} … {formatLegend(panel.rowLabel, cell.group.last)}
                    </div>
                  )}
                  {detail && <div data-testid="heatmap-detail">{detail}</div>}
                  {panel.links[0] && <div className="muted">Click: {panel.links[0].title}</div>}
                </div>
              )}
            </div>
          </>
        )}
      </PanelBody>
    </Panel>
  );
}

/** The job on the hovered GPU at the hovered time (and its exact value), once the pointer rests. */
function useCellDetail(panel: HeatmapPanelDef, cell: ReturnType<typeof describeCell>): string | null {
  const [resting, setResting] = useState<{ expr: string; time: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const expr = panel.detail && cell ? fillLabelsInQuery(panel.detail.expr, cell.member.labels) : null;
  const time = cell?.timeSeconds ?? 0;
  useEffect(() => {
    clearTimeout(timer.current);
    if (!expr) return setResting(null);
    timer.current = setTimeout(() => setResting({ expr, time }), 250);
    return () => clearTimeout(timer.current);
  }, [expr, time]);
  const q = resting ? { datasource: panel.datasource, expr: resting.expr, time: resting.time } : null;
  const answer = useQuery({
    queryKey: q ? promKeys.instant(q) : promKeys.none,
    queryFn: ({ signal }) => queryInstant(q!, { signal }),
    enabled: q !== null,
    staleTime: 60_000,
  });
  if (!panel.detail || !answer.data) return null;
  const sample = answer.data.result[0];
  if (!sample) return "no job";
  const job = panel.detail.labels.map((l) => sample.metric[l]).filter(Boolean).join(" / ");
  return `${formatValue(Number(sample.value[1]), panel.unit)}${job ? ` · ${job}` : " · no job"}`;
}
