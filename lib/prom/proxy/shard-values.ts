import type { Combine } from "./shard-plan";

/**
 * The values a shard plan is evaluated over (./shard-eval.ts): series with a sample per
 * evaluation time (ms), Prometheus' sample strings, and the reductions aggregations and
 * range functions share. Pure.
 */
export type Labels = Record<string, string>;
export interface Series {
  metric: Labels;
  points: Map<number, number>;
}
export type Value = { type: "vector"; series: Series[] } | { type: "scalar"; points: Map<number, number> } | { type: "string"; value: string };

export type Sample = [number, string];
/** The `data` of one shard's answer to query or query_range. */
export type ShardData =
  | { resultType: "vector"; result: { metric: Labels; value: Sample }[] }
  | { resultType: "matrix"; result: { metric: Labels; values: Sample[] }[] }
  | { resultType: "scalar"; result: Sample }
  | { resultType: "string"; result: Sample };

/** A query the shards' answers cannot be combined for (Prometheus' own errors where it has them). */
export class ShardEvalError extends Error {}

export function parseSample(s: string): number {
  if (s === "+Inf" || s === "Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  return Number(s);
}

export function formatSample(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

export const COMBINE: Record<Combine, (a: number, b: number) => number> = {
  sum: (a, b) => a + b,
  min: (a, b) => (Number.isNaN(a) || b < a ? b : a),
  max: (a, b) => (Number.isNaN(a) || b > a ? b : a),
  group: () => 1,
};

export function withoutName(metric: Labels): Labels {
  const { __name__: _, ...rest } = metric;
  return rest;
}

/** Prometheus' quantile (promql/quantile.go): linear between the closest ranks. */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(sorted.length - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

export function reduce(op: string, values: number[]): number {
  switch (op) {
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    case "avg":
      return values.reduce((a, b) => a + b, 0) / values.length;
    case "count":
      return values.length;
    case "group":
      return 1;
    case "min":
      return values.reduce(COMBINE.min);
    case "max":
      return values.reduce(COMBINE.max);
    case "stddev":
    case "stdvar": {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
      return op === "stddev" ? Math.sqrt(variance) : variance;
    }
    default:
      throw new ShardEvalError(`${op}() cannot be evaluated by the console`);
  }
}

/** NaN ranks below every number for topk and bottomk alike. */
export function ranked(desc: boolean) {
  return (a: { v: number }, b: { v: number }) => {
    if (Number.isNaN(a.v)) return Number.isNaN(b.v) ? 0 : 1;
    if (Number.isNaN(b.v)) return -1;
    return desc ? b.v - a.v : a.v - b.v;
  };
}
