import { LABEL_ALIASES } from "@/lib/metrics/labels";
import type { Labels } from "@/lib/prom/schemas";

/**
 * The GPU heatmap as numbers: one row per series (a GPU), one column per step, then
 * sorted and, when there are more rows than pixel rows, aggregated into groups of
 * consecutive rows (max or mean) so that no GPU is drawn sub-pixel and lost.
 * Pure; the route handler (lib/heatmap/service.ts) feeds it the proxy's matrix.
 */
export type RowSort = "node" | "mean";
export type RowAggregate = "max" | "mean";

export interface SeriesLike {
  metric: Labels;
  values: unknown[];
}

export interface Grid {
  start: number;
  step: number;
  cols: number;
  rows: Labels[];
  /** rows × cols, row-major; NaN where a series had no sample. */
  values: Float32Array;
}

export class GridError extends Error {}

/** Columns of an aligned range: `start`, `start + step`, …, `end`. */
export function columnCount(start: number, end: number, step: number): number {
  return Math.floor((end - start) / step) + 1;
}

/** Places each sample of a Prometheus matrix in its column; anything else is NaN. */
export function matrixToGrid(result: SeriesLike[], range: { start: number; end: number; step: number }): Grid {
  const cols = columnCount(range.start, range.end, range.step);
  if (!(cols > 0 && Number.isFinite(cols))) throw new GridError(`empty range: ${range.start}..${range.end} step ${range.step}`);
  const values = new Float32Array(result.length * cols).fill(Number.NaN);
  result.forEach((series, row) => {
    const base = row * cols;
    for (const pair of series.values) {
      if (!Array.isArray(pair) || typeof pair[0] !== "number") continue;
      const col = Math.round((pair[0] - range.start) / range.step);
      if (col < 0 || col >= cols) continue;
      const v = Number(pair[1]);
      if (Number.isFinite(v)) values[base + col] = v;
    }
  });
  return { start: range.start, step: range.step, cols, rows: result.map((s) => s.metric), values };
}

const collator = new Intl.Collator("en", { numeric: true });
const NODE_ORDER = ["cluster", ...LABEL_ALIASES.host, "instance", "gpu", "GPU_I_ID"];

/** By cluster, node, GPU index and MIG instance (natural order: gpu-2 before gpu-10; a GPU's instances under it). */
function compareByNode(a: Labels, b: Labels): number {
  for (const name of NODE_ORDER) {
    const c = collator.compare(a[name] ?? "", b[name] ?? "");
    if (c !== 0) return c;
  }
  return collator.compare(JSON.stringify(a), JSON.stringify(b));
}

export function rowMeans(grid: Grid): Float64Array {
  const means = new Float64Array(grid.rows.length);
  for (let r = 0; r < grid.rows.length; r++) {
    let sum = 0;
    let n = 0;
    for (let c = 0, i = r * grid.cols; c < grid.cols; c++, i++) {
      const v = grid.values[i]!;
      if (v === v) {
        sum += v;
        n++;
      }
    }
    means[r] = n ? sum / n : Number.NEGATIVE_INFINITY;
  }
  return means;
}

/** Row order: by node, or hottest first (rows without data last); ties by node. */
export function rowOrder(grid: Grid, sort: RowSort): number[] {
  const order = grid.rows.map((_, i) => i);
  if (sort === "node") return order.sort((a, b) => compareByNode(grid.rows[a]!, grid.rows[b]!));
  const means = rowMeans(grid);
  return order.sort((a, b) => means[b]! - means[a]! || compareByNode(grid.rows[a]!, grid.rows[b]!));
}

export interface AggregatedGrid {
  start: number;
  step: number;
  cols: number;
  /** Every series, in display order. */
  members: Labels[];
  /** Consecutive members per displayed row (1 when not aggregated); the last row may hold fewer. */
  groupSize: number;
  aggregate: RowAggregate | null;
  /** displayed rows × cols. */
  values: Float32Array;
  /** For `max`: which member of the row's group had the maximum (index within the group). */
  argmax: Uint16Array | null;
}

/**
 * Sorts the rows and folds them into at most `maxRows` displayed rows of `groupSize`
 * consecutive members each (mean ignores missing samples; max keeps which GPU it was).
 */
export function aggregateRows(grid: Grid, opts: { sort: RowSort; maxRows: number; aggregate: RowAggregate }): AggregatedGrid {
  const order = rowOrder(grid, opts.sort);
  const n = order.length;
  const maxRows = Math.max(1, Math.floor(opts.maxRows));
  const groupSize = Math.max(1, Math.ceil(n / maxRows));
  const groups = Math.ceil(n / groupSize);
  const { cols } = grid;
  const values = new Float32Array(groups * cols).fill(Number.NaN);
  const aggregated = groupSize > 1;
  const argmax = aggregated && opts.aggregate === "max" ? new Uint16Array(groups * cols) : null;
  const counts = aggregated && opts.aggregate === "mean" ? new Uint16Array(cols) : null;
  for (let g = 0; g < groups; g++) {
    const out = g * cols;
    counts?.fill(0);
    for (let k = 0; k < groupSize && g * groupSize + k < n; k++) {
      const src = order[g * groupSize + k]! * cols;
      for (let c = 0; c < cols; c++) {
        const v = grid.values[src + c]!;
        if (v !== v) continue;
        const cur = values[out + c]!;
        if (!aggregated) values[out + c] = v;
        else if (counts) {
          values[out + c] = cur === cur ? cur + v : v;
          counts[c]!++;
        } else if (cur !== cur || v > cur) {
          values[out + c] = v;
          argmax![out + c] = k;
        }
      }
    }
    if (counts) for (let c = 0; c < cols; c++) if (counts[c]) values[out + c] = values[out + c]! / counts[c]!;
  }
  return {
    start: grid.start,
    step: grid.step,
    cols,
    members: order.map((i) => grid.rows[i]!),
    groupSize,
    aggregate: aggregated ? opts.aggregate : null,
    values,
    argmax,
  };
}

/** The finite extent of the values; [0, 0] when there are none. */
export function valueExtent(values: Float32Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 0];
}

/** 255 levels between min and max (0 … 254); 255 marks "no data". */
export const NO_DATA = 255;

export function quantize(values: Float32Array, min: number, max: number): Uint8Array {
  const out = new Uint8Array(values.length);
  const span = max - min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) out[i] = NO_DATA;
    else if (span <= 0) out[i] = 0;
    else out[i] = Math.min(254, Math.max(0, Math.round(((v - min) / span) * 254)));
  }
  return out;
}

/** The value a level stands for (the middle of its bucket is the level itself). */
export function levelValue(level: number, min: number, max: number): number | null {
  if (level === NO_DATA) return null;
  return min + ((max - min) * level) / 254;
}

/**
 * What the rows are: GPUs, some of them drawn as their MIG instances (a row per GPU_I_ID).
 * `gpus` counts each GPU once — also one partitioned during the window, which has a row of
 * its own for before and a row per instance for after.
 */
export function rowsSummary(rows: Labels[]): { gpus: number; instances: number; partitioned: number } {
  const instanceRows = rows.filter((r) => r.GPU_I_ID !== undefined && r.GPU_I_ID !== "");
  const key = (r: Labels) => JSON.stringify(NODE_ORDER.slice(0, -1).map((n) => r[n] ?? ""));
  return { gpus: new Set(rows.map(key)).size, instances: instanceRows.length, partitioned: new Set(instanceRows.map(key)).size };
}
