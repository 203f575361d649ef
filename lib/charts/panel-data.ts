import { formatLegend, labelsToString, type Series } from "./matrix-to-series";
import type { Labels, Vector } from "@/lib/prom/schemas";

/**
 * Pure shaping of query results for the non-time-series panels: stat and gauge reduce a
 * series to one value; bar, table and fleet grid read an instant vector.
 */
export type Reducer = "last" | "mean" | "max" | "min";

export function reduceSeries(series: Series[], how: Reducer): number | null {
  const values = series.flatMap((s) => s.points.map((p) => p[1]).filter((v): v is number => v !== null));
  if (values.length === 0) return null;
  switch (how) {
    case "last": {
      // The last value of each series, summed would be wrong; a stat panel shows one series.
      const last = series[0]?.points.findLast((p) => p[1] !== null)?.[1];
      return last ?? null;
    }
    case "mean":
      return values.reduce((a, b) => a + b, 0) / values.length;
    case "max":
      return values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
    case "min":
      return values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  }
}

/** An SVG path of a sparkline in a width × height box (gaps break the line). */
export function sparklinePath(points: [number, number | null][], width: number, height: number): string {
  const present = points.filter((p): p is [number, number] => p[1] !== null);
  if (present.length < 2) return "";
  const [t0, t1] = [points[0]![0], points.at(-1)![0]];
  let lo = Math.min(...present.map((p) => p[1]));
  let hi = Math.max(...present.map((p) => p[1]));
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const x = (t: number) => ((t - t0) / Math.max(t1 - t0, 1)) * width;
  const y = (v: number) => height - ((v - lo) / (hi - lo)) * height;
  let path = "";
  let pen = false;
  for (const [t, v] of points) {
    if (v === null) {
      pen = false;
      continue;
    }
    path += `${pen ? "L" : "M"}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  return path;
}

export interface Bar {
  name: string;
  labels: Labels;
  value: number;
}

/** An instant vector as named bars, largest first. */
export function vectorToBars(vector: Vector, legend?: string): Bar[] {
  return vector.result
    .map((r) => ({ name: formatLegend(legend, r.metric), labels: r.metric, value: Number(r.value[1]) }))
    .filter((b) => Number.isFinite(b.value))
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
}

export interface TableColumn {
  key: string;
  header: string;
  kind: "label" | "value";
  unit?: string;
}

export interface TableRow {
  key: string;
  labels: Labels;
  cells: Record<string, string | number | null>;
}

/**
 * Instant vectors joined on the given labels into rows: one column per label, one per
 * query's value (Grafana's "join by labels" transformation).
 */
export function vectorsToTable(vectors: Vector[], opts: { labels: string[]; valueHeaders: string[] }): { columns: TableColumn[]; rows: TableRow[] } {
  const columns: TableColumn[] = [
    ...opts.labels.map((l) => ({ key: `label:${l}`, header: l, kind: "label" as const })),
    ...opts.valueHeaders.map((h, i) => ({ key: `value:${i}`, header: h, kind: "value" as const })),
  ];
  const rows = new Map<string, TableRow>();
  vectors.forEach((vector, i) => {
    for (const r of vector.result) {
      const picked = Object.fromEntries(opts.labels.map((l) => [l, r.metric[l] ?? ""]));
      const key = labelsToString(picked);
      let row = rows.get(key);
      if (!row) {
        row = { key, labels: picked, cells: Object.fromEntries(columns.map((c) => [c.key, c.kind === "label" ? (picked[c.header] ?? "") : null])) };
        rows.set(key, row);
      }
      const v = Number(r.value[1]);
      row.cells[`value:${i}`] = Number.isFinite(v) ? v : null;
    }
  });
  return { columns, rows: [...rows.values()] };
}

const collator = new Intl.Collator("en", { numeric: true });

/** Sorts rows by one column; empty cells last whichever the direction. */
export function sortRows(rows: TableRow[], key: string, direction: "asc" | "desc"): TableRow[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const [x, y] = [a.cells[key], b.cells[key]];
    if (x === null || x === undefined || x === "") return y === null || y === undefined || y === "" ? 0 : 1;
    if (y === null || y === undefined || y === "") return -1;
    const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return c * sign || collator.compare(a.key, b.key);
  });
}

export interface MigInstanceValue {
  id: string;
  profile: string;
  value: number | null;
}

export interface FleetGridNode {
  name: string;
  labels: Labels;
  cells: { key: string; labels: Labels; value: number | null; instances: MigInstanceValue[] }[];
}

const finite = (text: string) => {
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
};

/**
 * One row per node (`group` label), one cell per GPU (`cell` label), in natural order;
 * `instances` (MIG instances' values, with GPU_I_ID and GPU_I_PROFILE) go to their GPU's
 * cell, in instance order.
 */
export function vectorToFleetGrid(vector: Vector, opts: { group: string; cell: string }, instances?: Vector): FleetGridNode[] {
  const nodes = new Map<string, FleetGridNode>();
  for (const r of vector.result) {
    const name = r.metric[opts.group] ?? "";
    let node = nodes.get(name);
    if (!node) nodes.set(name, (node = { name, labels: r.metric, cells: [] }));
    node.cells.push({ key: r.metric[opts.cell] ?? "", labels: r.metric, value: finite(r.value[1]), instances: [] });
  }
  for (const r of instances?.result ?? []) {
    const cell = nodes.get(r.metric[opts.group] ?? "")?.cells.find((c) => c.key === (r.metric[opts.cell] ?? ""));
    cell?.instances.push({ id: r.metric.GPU_I_ID ?? "", profile: r.metric.GPU_I_PROFILE ?? "", value: finite(r.value[1]) });
  }
  const sorted = [...nodes.values()].sort((a, b) => collator.compare(a.name, b.name));
  for (const n of sorted) {
    n.cells.sort((a, b) => collator.compare(a.key, b.key));
    for (const c of n.cells) c.instances.sort((a, b) => collator.compare(a.id, b.id));
  }
  return sorted;
}
