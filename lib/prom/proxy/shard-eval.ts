import { labelsToString } from "@/lib/charts/matrix-to-series";
import { binary } from "./shard-binary";
import { aggregate, call, mapPoints } from "./shard-functions";
import type { Combine, Plan } from "./shard-plan";
import { COMBINE, formatSample, parseSample, quantile, reduce, ShardEvalError, withoutName, type Sample, type Series, type ShardData, type Value } from "./shard-values";

/**
 * Evaluates a shard plan (./shard-plan.ts) over the shards' answers to its expressions,
 * with Prometheus' semantics: vector matching (on, ignoring, group_left/right, bool, and,
 * or, unless), aggregations, and the functions the plan keeps for the console. Works on
 * instant and range queries alike: a value is a set of series, each with a sample per
 * evaluation time (milliseconds) it has one at. Pure.
 */

/** The steps an expression is evaluated at, in ms: the query's own (one instant, or start + k·step), or a subquery's. */
export interface Grid {
  times: number[];
  startMs: number;
  endMs: number;
  stepMs: number;
  instant: boolean;
}

export function queryGrid(q: { instant: true; timeMs: number } | { instant: false; startMs: number; endMs: number; stepMs: number }): Grid {
  if (q.instant) return { times: [q.timeMs], startMs: q.timeMs, endMs: q.timeMs, stepMs: 0, instant: true };
  const times: number[] = [];
  for (let t = q.startMs; t <= q.endMs && q.stepMs > 0; t += q.stepMs) times.push(t);
  return { times, startMs: q.startMs, endMs: q.endMs, stepMs: q.stepMs, instant: false };
}

/** A subquery's steps, as Prometheus' engine makes them: multiples of its step from the first after (start − offset − range) up to end − offset. */
function subqueryGrid(p: Extract<Plan, { kind: "subquery" }>, outer: Grid): Grid {
  const at = atTime(p, outer);
  const [from, to] = at === null ? [outer.startMs, outer.endMs] : [at, at];
  const first = from - p.offsetMs - p.rangeMs;
  let start = p.stepMs * Math.floor(first / p.stepMs);
  if (start < first) start += p.stepMs;
  return { ...queryGrid({ instant: false, startMs: start, endMs: to - p.offsetMs, stepMs: p.stepMs }), endMs: to - p.offsetMs };
}

function atTime(p: Extract<Plan, { kind: "subquery" }>, outer: Grid): number | null {
  if (p.at === null) return null;
  return p.at === "start" ? outer.startMs : p.at === "end" ? outer.endMs : p.at;
}

/** Where a leaf's answers are kept: its expression on its grid. */
export function leafKey(expr: string, grid: Grid): string {
  return `${expr}\u0000${grid.instant ? "i" : "r"}:${grid.startMs}:${grid.endMs}:${grid.stepMs}`;
}

/** Every expression the plan asks the shards, on the grid it is asked on (each once). */
export function shardLeaves(p: Plan, grid: Grid, out = new Map<string, { expr: string; grid: Grid }>()): Map<string, { expr: string; grid: Grid }> {
  switch (p.kind) {
    case "remote":
    case "pushdown":
      out.set(leafKey(p.expr, grid), { expr: p.expr, grid });
      break;
    case "aggregate":
      if (p.param) shardLeaves(p.param, grid, out);
      shardLeaves(p.inner, grid, out);
      break;
    case "binary":
      shardLeaves(p.left, grid, out);
      shardLeaves(p.right, grid, out);
      break;
    case "call":
      for (const a of p.args) shardLeaves(a, grid, out);
      break;
    case "negate":
      shardLeaves(p.inner, grid, out);
      break;
    case "subquery":
      for (const a of p.args) shardLeaves(a, grid, out);
      shardLeaves(p.inner, subqueryGrid(p, grid), out);
      break;
  }
  return out;
}

export interface ShardAnswers {
  grid: Grid;
  /** Each leaf's answers (by leafKey), one per shard that answered. */
  answers: Map<string, ShardData[]>;
}

const ms = (t: number) => Math.round(t * 1000);

function seriesOf(data: ShardData): Value {
  switch (data.resultType) {
    case "vector":
      return { type: "vector", series: data.result.map((s) => ({ metric: s.metric, points: new Map([[ms(s.value[0]), parseSample(s.value[1])]]) })) };
    case "matrix":
      return { type: "vector", series: data.result.map((s) => ({ metric: s.metric, points: new Map(s.values.map(([t, v]) => [ms(t), parseSample(v)])) })) };
    case "scalar":
      return { type: "scalar", points: new Map([[ms(data.result[0]), parseSample(data.result[1])]]) };
    default:
      throw new ShardEvalError(`a ${data.resultType} answer cannot be combined across shards`);
  }
}

/** The shards' answers to one expression as one: joined, or (a pushed-down aggregation) combined per label set. */
function joinShards(expr: string, input: ShardAnswers, combine: Combine | null, warnings: string[]): Value {
  const out = new Map<string, Series>();
  for (const data of input.answers.get(leafKey(expr, input.grid)) ?? []) {
    const value = seriesOf(data);
    if (value.type !== "vector") throw new ShardEvalError(`"${expr}" answered a ${value.type}, not series`);
    for (const s of value.series) {
      const key = labelsToString(s.metric);
      const seen = out.get(key);
      if (!seen) {
        out.set(key, { metric: s.metric, points: new Map(s.points) });
        continue;
      }
      if (!combine) {
        if (warnings.length < 5) warnings.push(`series ${key} of "${expr}" was answered by more than one shard (the first answer is shown): are the shards' targets disjoint?`);
        continue;
      }
      for (const [t, v] of s.points) seen.points.set(t, seen.points.has(t) ? COMBINE[combine](seen.points.get(t)!, v) : v);
    }
  }
  return { type: "vector", series: [...out.values()] };
}

function evaluatePlan(p: Plan, input: ShardAnswers, warnings: string[]): Value {
  switch (p.kind) {
    case "remote":
      return joinShards(p.expr, input, null, warnings);
    case "pushdown":
      return joinShards(p.expr, input, p.combine, warnings);
    case "number":
      return { type: "scalar", points: new Map(input.grid.times.map((t) => [t, p.value])) };
    case "string":
      return { type: "string", value: p.value };
    case "negate": {
      const inner = evaluatePlan(p.inner, input, warnings);
      if (inner.type === "scalar") return { type: "scalar", points: new Map([...inner.points].map(([t, v]) => [t, -v])) };
      return mapPoints(inner, (x) => -x);
    }
    case "binary":
      return binary(p, evaluatePlan(p.left, input, warnings), evaluatePlan(p.right, input, warnings), input.grid.times);
    case "aggregate":
      return aggregate(p, evaluatePlan(p.inner, input, warnings), p.param ? evaluatePlan(p.param, input, warnings) : null, input.grid.times);
    case "call":
      return call(p.fn, p.args.map((a) => evaluatePlan(a, input, warnings)), input.grid.times, !input.grid.instant);
    case "subquery": {
      const inner = evaluatePlan(p.inner, { ...input, grid: subqueryGrid(p, input.grid) }, warnings);
      return overTime(p, inner, p.args.map((a) => evaluatePlan(a, input, warnings)), input.grid);
    }
  }
}

const OVER_TIME_REDUCE: Record<string, (values: number[], param: number) => number> = {
  sum_over_time: (v) => reduce("sum", v),
  avg_over_time: (v) => reduce("avg", v),
  min_over_time: (v) => reduce("min", v),
  max_over_time: (v) => reduce("max", v),
  count_over_time: (v) => v.length,
  last_over_time: (v) => v.at(-1)!,
  present_over_time: () => 1,
  stddev_over_time: (v) => reduce("stddev", v),
  stdvar_over_time: (v) => reduce("stdvar", v),
  quantile_over_time: (v, q) => quantile(q, v),
};

/** f_over_time at each step: the inner's samples in [t − offset − range, t − offset] (both ends, as Prometheus 2 selects them). */
function overTime(p: Extract<Plan, { kind: "subquery" }>, inner: Value, args: Value[], outer: Grid): Value {
  if (inner.type !== "vector") throw new ShardEvalError(`${p.fn}() needs series`);
  const f = OVER_TIME_REDUCE[p.fn];
  if (!f) throw new ShardEvalError(`${p.fn}() cannot be evaluated by the console`);
  const at = atTime(p, outer);
  const param = args[0]?.type === "scalar" ? args[0] : null;
  return {
    type: "vector",
    series: inner.series.map((s) => {
      const samples = [...s.points].sort((a, b) => a[0] - b[0]);
      const points = new Map<number, number>();
      for (const t of outer.times) {
        const hi = (at ?? t) - p.offsetMs;
        const lo = hi - p.rangeMs;
        const window = samples.filter(([ts]) => ts >= lo && ts <= hi).map(([, v]) => v);
        if (window.length > 0) points.set(t, f(window, param?.points.get(t) ?? NaN));
      }
      return { metric: withoutName(s.metric), points };
    }),
  };
}

/** The answer's `data` in Prometheus' shape (a matrix for a range; a vector or scalar for an instant), and what to warn of. */
export function evaluateShards(p: Plan, input: ShardAnswers): { data: unknown; warnings: string[] } {
  const warnings: string[] = [];
  const value = evaluatePlan(p, input, warnings);
  if (value.type === "string") throw new ShardEvalError("a string cannot be the query's answer");
  const sec = (t: number) => t / 1000;
  if (!input.grid.instant) {
    const series = value.type === "scalar" ? [{ metric: {}, points: value.points }] : value.series;
    const result = series
      .filter((s) => s.points.size > 0)
      .map((s) => ({ metric: s.metric, values: [...s.points].sort((x, y) => x[0] - y[0]).map(([t, v]): Sample => [sec(t), formatSample(v)]) }))
      .sort((x, y) => labelsToString(x.metric).localeCompare(labelsToString(y.metric)));
    return { data: { resultType: "matrix", result }, warnings };
  }
  const t = input.grid.times[0]!;
  if (value.type === "scalar") return { data: { resultType: "scalar", result: [sec(t), formatSample(value.points.get(t)!)] }, warnings };
  const result = value.series.filter((s) => s.points.has(t)).map((s) => ({ metric: s.metric, value: [sec(t), formatSample(s.points.get(t)!)] as Sample }));
  return { data: { resultType: "vector", result }, warnings };
}
