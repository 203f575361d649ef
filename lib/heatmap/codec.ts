import { z } from "zod";
import { csvField } from "@/lib/charts/csv";
import { formatLegend } from "@/lib/charts/matrix-to-series";
import type { Labels } from "@/lib/prom/schemas";
import { type AggregatedGrid, levelValue, quantize, valueExtent } from "./grid";

/**
 * The heatmap on the wire: what a browser needs to draw it and nothing more.
 *
 *   "FHM1" | uint32 LE header length | header (UTF-8 JSON) | pad to 2 | cells (uint8,
 *   rows × cols, 255 = no data) | pad to 2 | argmax (uint16 LE, rows × cols, when max-aggregated)
 *
 * A 24 h × 8,192-GPU heatmap at a 5 m step is 2.36 MB of cells instead of ~50 MB of
 * Prometheus JSON, and a fraction of that once rows are folded to the panel's height.
 * Member labels are dictionary-encoded (each label value once).
 */
export const HEATMAP_MEDIA_TYPE = "application/vnd.gpu-fleet.heatmap";
const MAGIC = [0x46, 0x48, 0x4d, 0x31]; // FHM1

export const HeatmapHeaderSchema = z.object({
  start: z.number(),
  step: z.number().positive(),
  cols: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  min: z.number(),
  max: z.number(),
  groupSize: z.number().int().positive(),
  aggregate: z.enum(["max", "mean"]).nullable(),
  argmax: z.boolean(),
  /** Label names, and for each name its distinct values. */
  labelNames: z.array(z.string()),
  labelValues: z.array(z.array(z.string())),
  /** Per member, per label name: index into labelValues, -1 when absent. */
  members: z.array(z.array(z.number().int())),
});
export type HeatmapHeader = z.infer<typeof HeatmapHeaderSchema>;

export interface DecodedHeatmap {
  header: HeatmapHeader;
  members: Labels[];
  cells: Uint8Array;
  argmax: Uint16Array | null;
}

export class HeatmapDecodeError extends Error {}

function encodeMembers(members: Labels[]) {
  const labelNames = [...new Set(members.flatMap((m) => Object.keys(m)))].sort();
  const dicts = labelNames.map(() => new Map<string, number>());
  const rows = members.map((m) =>
    labelNames.map((name, i) => {
      const v = m[name];
      if (v === undefined) return -1;
      const dict = dicts[i]!;
      let idx = dict.get(v);
      if (idx === undefined) dict.set(v, (idx = dict.size));
      return idx;
    }),
  );
  return { labelNames, labelValues: dicts.map((d) => [...d.keys()]), members: rows };
}

/** Encodes an aggregated grid; `range` fixes the colour scale (else the data's extent). */
export function encodeHeatmap(grid: AggregatedGrid, range: { min?: number; max?: number } = {}): Uint8Array {
  const [lo, hi] = valueExtent(grid.values);
  const min = range.min ?? lo;
  const max = range.max ?? Math.max(hi, min);
  const rows = grid.cols ? grid.values.length / grid.cols : 0;
  const header: HeatmapHeader = {
    start: grid.start,
    step: grid.step,
    cols: grid.cols,
    rows,
    min,
    max,
    groupSize: grid.groupSize,
    aggregate: grid.aggregate,
    argmax: grid.argmax !== null,
    ...encodeMembers(grid.members),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const cellsAt = align2(8 + json.length);
  const argmaxAt = align2(cellsAt + grid.values.length);
  const total = grid.argmax ? argmaxAt + grid.argmax.length * 2 : cellsAt + grid.values.length;
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  out.set(quantize(grid.values, min, max), cellsAt);
  if (grid.argmax) {
    const view = new DataView(out.buffer, argmaxAt);
    grid.argmax.forEach((v, i) => view.setUint16(i * 2, v, true));
  }
  return out;
}

function align2(n: number) {
  return n + (n & 1);
}

export function decodeHeatmap(buffer: ArrayBuffer): DecodedHeatmap {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new HeatmapDecodeError("not a heatmap (bad magic)");
  const view = new DataView(buffer);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new HeatmapDecodeError("truncated header");
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw new HeatmapDecodeError("header is not JSON");
  }
  const parsed = HeatmapHeaderSchema.safeParse(raw);
  if (!parsed.success) throw new HeatmapDecodeError(`bad header: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const header = parsed.data;
  const n = header.rows * header.cols;
  const cellsAt = align2(8 + headerLength);
  const argmaxAt = align2(cellsAt + n);
  const needed = header.argmax ? argmaxAt + n * 2 : cellsAt + n;
  if (bytes.length < needed) throw new HeatmapDecodeError(`truncated body: ${bytes.length} of ${needed} bytes`);
  const argmax = header.argmax ? new Uint16Array(n) : null;
  if (argmax) for (let i = 0; i < n; i++) argmax[i] = view.getUint16(argmaxAt + i * 2, true);
  const members = header.members.map((idx) => {
    const labels: Labels = {};
    idx.forEach((v, i) => {
      if (v >= 0) labels[header.labelNames[i]!] = header.labelValues[i]![v]!;
    });
    return labels;
  });
  return { header, members, cells: bytes.subarray(cellsAt, cellsAt + n), argmax };
}

/** The member a displayed cell stands for: the GPU with the max, or the group's first. */
export function memberAt(h: DecodedHeatmap, row: number, col: number): { index: number; labels: Labels } | null {
  const { rows, cols, groupSize } = h.header;
  if (row < 0 || row >= rows || col < 0 || col >= cols) return null;
  const offset = h.argmax ? h.argmax[row * cols + col]! : 0;
  const index = Math.min(row * groupSize + offset, h.members.length - 1);
  return { index, labels: h.members[index]! };
}

/**
 * The heatmap as drawn, as CSV: one row per displayed row and step. Values are the
 * 255-level colour buckets (approximate), and a folded row names its first and last GPU.
 */
export function heatmapToCsv(h: DecodedHeatmap, rowLabel: string): string {
  const name = (labels: Labels) => formatLegend(rowLabel, labels);
  const { rows, cols, start, step, groupSize, min, max } = h.header;
  const out = [`time,row,gpus,${h.header.aggregate ?? "value"}_approx`];
  for (let r = 0; r < rows; r++) {
    const first = h.members[r * groupSize]!;
    const last = h.members[Math.min((r + 1) * groupSize, h.members.length) - 1]!;
    const label = groupSize > 1 ? `${name(first)} … ${name(last)}` : name(first);
    const quoted = csvField(label);
    for (let c = 0; c < cols; c++) {
      const v = levelValue(h.cells[r * cols + c]!, min, max);
      if (v === null) continue;
      out.push(`${new Date((start + c * step) * 1000).toISOString()},${quoted},${Math.min(groupSize, h.members.length - r * groupSize)},${Number(v.toFixed(2))}`);
    }
  }
  return `${out.join("\r\n")}\r\n`;
}
