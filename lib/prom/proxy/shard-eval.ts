import { labelsToString } from "@/lib/charts/matrix-to-series";
import type { Combine, Grouping, Matching, Plan } from "./shard-plan";

/**
 * Evaluates a shard plan (./shard-plan.ts) over the shards' answers to its expressions,
 * with Prometheus' semantics: vector matching (on, ignoring, group_left/right, bool, and,
 * or, unless), aggregations, and the functions the plan keeps for the console. Works on
 * instant and range queries alike: a value is a set of series, each with a sample per
 * evaluation time (milliseconds) it has one at. Pure.
 */
type Labels = Record<string, string>;
interface Series {
  metric: Labels;
  points: Map<number, number>;
}
type Value = { type: "vector"; series: Series[] } | { type: "scalar"; points: Map<number, number> } | { type: "string"; value: string };

type Sample = [number, string];
/** The `data` of one shard's answer to query or query_range. */
export type ShardData =
  | { resultType: "vector"; result: { metric: Labels; value: Sample }[] }
  | { resultType: "matrix"; result: { metric: Labels; values: Sample[] }[] }
  | { resultType: "scalar"; result: Sample }
  | { resultType: "string"; result: Sample };

/** A query the shards' answers cannot be combined for (Prometheus' own errors where it has them). */
export class ShardEvalError extends Error {}

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

const COMBINE: Record<Combine, (a: number, b: number) => number> = {
  sum: (a, b) => a + b,
  min: (a, b) => (Number.isNaN(a) || b < a ? b : a),
  max: (a, b) => (Number.isNaN(a) || b > a ? b : a),
  group: () => 1,
};

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

const ARITH: Record<string, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Mod: (a, b) => a % b,
  Pow: (a, b) => a ** b,
  Atan2: (a, b) => Math.atan2(a, b),
};
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  Eql: (a, b) => a === b,
  Neq: (a, b) => a !== b,
  Gtr: (a, b) => a > b,
  Lss: (a, b) => a < b,
  Gte: (a, b) => a >= b,
  Lte: (a, b) => a <= b,
};

function withoutName(metric: Labels): Labels {
  const { __name__: _, ...rest } = metric;
  return rest;
}

function signature(metric: Labels, matching: Matching | null): string {
  if (matching?.on) return JSON.stringify(matching.labels.map((l) => metric[l] ?? ""));
  const drop = new Set(["__name__", ...(matching?.labels ?? [])]);
  return labelsToString(Object.fromEntries(Object.entries(metric).filter(([k]) => !drop.has(k))));
}

function indexBy(series: Series[], matching: Matching | null): Map<string, Series[]> {
  const index = new Map<string, Series[]>();
  for (const s of series) {
    const sig = signature(s.metric, matching);
    index.set(sig, [...(index.get(sig) ?? []), s]);
  }
  return index;
}

const anyAt = (list: Series[] | undefined, t: number) => list?.some((s) => s.points.has(t)) ?? false;

function setOperation(op: string, matching: Matching | null, left: Series[], right: Series[]): Series[] {
  const rightIndex = indexBy(right, matching);
  if (op === "And" || op === "Unless") {
    const keep = op === "And";
    return left.map((s) => {
      const others = rightIndex.get(signature(s.metric, matching));
      return { metric: s.metric, points: new Map([...s.points].filter(([t]) => anyAt(others, t) === keep)) };
    });
  }
  const leftIndex = indexBy(left, matching);
  // A series of the right with the labels of one of the left (a range's `or vector(0)`) is one series, its steps filled.
  const out = new Map(left.map((s) => [labelsToString(s.metric), { metric: s.metric, points: new Map(s.points) }]));
  for (const s of right) {
    const key = labelsToString(s.metric);
    const entry = out.get(key) ?? { metric: s.metric, points: new Map<number, number>() };
    for (const [t, v] of s.points) if (!anyAt(leftIndex.get(signature(s.metric, matching)), t)) entry.points.set(t, v);
    out.set(key, entry);
  }
  return [...out.values()];
}

function resultMetric(many: Labels, one: Labels, op: string, bool: boolean, matching: Matching | null): Labels {
  let metric = ARITH[op] || bool ? withoutName(many) : { ...many };
  if (matching && matching.card === "one-to-one") {
    const names = new Set(matching.labels);
    metric = Object.fromEntries(Object.entries(metric).filter(([k]) => names.has(k) === matching.on));
  }
  for (const name of matching?.include ?? []) {
    if (one[name]) metric[name] = one[name]!;
    else delete metric[name];
  }
  return metric;
}

/** An operator's value for a pair of samples, or null where a comparison filters it out. */
function operate(op: string, bool: boolean, l: number, r: number, kept: number): number | null {
  const arith = ARITH[op];
  if (arith) return arith(l, r);
  const holds = COMPARE[op]!(l, r);
  if (bool) return holds ? 1 : 0;
  return holds ? kept : null;
}

function vectorOperation(op: string, bool: boolean, matching: Matching | null, left: Series[], right: Series[]): Series[] {
  const flipped = matching?.card === "one-to-many";
  const [many, one] = flipped ? [right, left] : [left, right];
  const oneIndex = indexBy(one, matching);
  const out = new Map<string, Series>();
  for (const m of many) {
    const candidates = oneIndex.get(signature(m.metric, matching));
    if (!candidates) continue;
    for (const [t, mv] of m.points) {
      const at = candidates.filter((c) => c.points.has(t));
      if (at.length === 0) continue;
      if (at.length > 1) {
        throw new ShardEvalError(
          `found duplicate series for the match group ${signature(m.metric, matching)} on the ${flipped ? "left" : "right"} hand-side of the operation: [${at.map((c) => labelsToString(c.metric)).join(", ")}];many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      }
      const o = at[0]!;
      const ov = o.points.get(t)!;
      const [lv, rv] = flipped ? [ov, mv] : [mv, ov];
      const value = operate(op, bool, lv, rv, lv);
      if (value === null) continue;
      const metric = resultMetric(m.metric, o.metric, op, bool, matching);
      const key = labelsToString(metric);
      const entry = out.get(key) ?? { metric, points: new Map<number, number>() };
      if (entry.points.has(t)) throw new ShardEvalError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
      entry.points.set(t, value);
      out.set(key, entry);
    }
  }
  return [...out.values()];
}

function binary(p: Extract<Plan, { kind: "binary" }>, left: Value, right: Value, times: number[]): Value {
  if (left.type === "string" || right.type === "string") throw new ShardEvalError("a string cannot be an operand");
  if (left.type === "scalar" && right.type === "scalar") {
    return { type: "scalar", points: new Map(times.map((t) => [t, operate(p.op, true, left.points.get(t)!, right.points.get(t)!, 0)!])) };
  }
  if (left.type === "vector" && right.type === "vector") {
    if (p.op === "And" || p.op === "Or" || p.op === "Unless") return { type: "vector", series: setOperation(p.op, p.matching, left.series, right.series) };
    return { type: "vector", series: vectorOperation(p.op, p.bool, p.matching, left.series, right.series) };
  }
  const [vector, scalar, scalarLeft] = left.type === "vector" ? [left, right as Extract<Value, { type: "scalar" }>, false] : [right as Extract<Value, { type: "vector" }>, left, true];
  const drop = ARITH[p.op] !== undefined || p.bool;
  return {
    type: "vector",
    series: vector.series.map((s) => {
      const points = new Map<number, number>();
      for (const [t, v] of s.points) {
        const sv = scalar.points.get(t);
        if (sv === undefined) continue;
        const value = scalarLeft ? operate(p.op, p.bool, sv, v, v) : operate(p.op, p.bool, v, sv, v);
        if (value !== null) points.set(t, value);
      }
      return { metric: drop ? withoutName(s.metric) : s.metric, points };
    }),
  };
}

function groupMetric(metric: Labels, grouping: Grouping | null): Labels {
  if (!grouping) return {};
  if (grouping.without) {
    const drop = new Set(["__name__", ...grouping.labels]);
    return Object.fromEntries(Object.entries(metric).filter(([k]) => !drop.has(k)));
  }
  return Object.fromEntries(grouping.labels.filter((l) => metric[l] !== undefined && metric[l] !== "").map((l) => [l, metric[l]!]));
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

function reduce(op: string, values: number[]): number {
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
function ranked(desc: boolean) {
  return (a: { v: number }, b: { v: number }) => {
    if (Number.isNaN(a.v)) return Number.isNaN(b.v) ? 0 : 1;
    if (Number.isNaN(b.v)) return -1;
    return desc ? b.v - a.v : a.v - b.v;
  };
}

function aggregate(p: Extract<Plan, { kind: "aggregate" }>, inner: Value, param: Value | null, times: number[]): Value {
  if (inner.type !== "vector") throw new ShardEvalError(`${p.op}() needs series`);
  const groups = new Map<string, { metric: Labels; members: Series[] }>();
  for (const s of inner.series) {
    const metric = groupMetric(s.metric, p.grouping);
    const key = labelsToString(metric);
    const g = groups.get(key) ?? { metric, members: [] };
    g.members.push(s);
    groups.set(key, g);
  }
  const paramAt = (t: number) => (param?.type === "scalar" ? param.points.get(t)! : NaN);
  const out = new Map<string, Series>();
  const put = (metric: Labels, t: number, v: number) => {
    const key = labelsToString(metric);
    const entry = out.get(key) ?? { metric, points: new Map<number, number>() };
    entry.points.set(t, v);
    out.set(key, entry);
  };
  for (const g of groups.values()) {
    for (const t of times) {
      const at = g.members.filter((s) => s.points.has(t)).map((s) => ({ metric: s.metric, v: s.points.get(t)! }));
      if (at.length === 0) continue;
      if (p.op === "topk" || p.op === "bottomk") {
        const k = Math.floor(paramAt(t));
        for (const s of at.sort(ranked(p.op === "topk")).slice(0, Math.max(0, k))) put(s.metric, t, s.v);
      } else if (p.op === "quantile") {
        put(g.metric, t, quantile(paramAt(t), at.map((s) => s.v)));
      } else if (p.op === "count_values") {
        if (param?.type !== "string") throw new ShardEvalError("count_values() needs a label name");
        const counts = new Map<string, number>();
        for (const s of at) counts.set(formatSample(s.v), (counts.get(formatSample(s.v)) ?? 0) + 1);
        for (const [value, n] of counts) put({ ...g.metric, [param.value]: value }, t, n);
      } else {
        put(g.metric, t, reduce(p.op, at.map((s) => s.v)));
      }
    }
  }
  return { type: "vector", series: [...out.values()] };
}

function mapPoints(v: Value, f: (x: number, t: number) => number | null): Value {
  if (v.type !== "vector") throw new ShardEvalError("the function needs series");
  return {
    type: "vector",
    series: v.series.map((s) => {
      const points = new Map<number, number>();
      for (const [t, x] of s.points) {
        const y = f(x, t);
        if (y !== null) points.set(t, y);
      }
      return { metric: withoutName(s.metric), points };
    }),
  };
}

const ELEMENTWISE: Record<string, (x: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  sgn: Math.sign,
};

/** Go's regexp.Expand for label_replace: $1, ${1}, $name, ${name}; $$ is a dollar. */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\$)|\$\{(\w+)\}|\$(\w+)/g, (_, dollar: string | undefined, braced: string | undefined, bare: string | undefined) => {
    if (dollar) return "$";
    const name = (braced ?? bare)!;
    return (/^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name]) ?? "";
  });
}

function relabel(v: Value, f: (m: Labels) => Labels): Value {
  if (v.type !== "vector") throw new ShardEvalError("the function needs series");
  const seen = new Set<string>();
  const series = v.series.map((s) => {
    const metric = f({ ...s.metric });
    const key = labelsToString(metric);
    if (seen.has(key)) throw new ShardEvalError("vector cannot contain metrics with the same labelset");
    seen.add(key);
    return { metric, points: s.points };
  });
  return { type: "vector", series };
}

function setLabel(m: Labels, name: string, value: string): Labels {
  if (value === "") delete m[name];
  else m[name] = value;
  return m;
}

/** Prometheus' bucketQuantile (promql/quantile.go) over one histogram's classic buckets. */
export function bucketQuantile(q: number, buckets: { le: number; count: number }[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  if (sorted.length === 0 || sorted.at(-1)!.le !== Infinity) return NaN;
  const merged: { le: number; count: number }[] = [];
  for (const b of sorted) {
    const last = merged.at(-1);
    if (last && last.le === b.le) last.count += b.count;
    else merged.push({ ...b });
  }
  for (let i = 1; i < merged.length; i++) if (merged[i]!.count < merged[i - 1]!.count) merged[i]!.count = merged[i - 1]!.count;
  if (merged.length < 2) return NaN;
  const observations = merged.at(-1)!.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  const b = merged.findIndex((x) => x.count >= rank);
  if (b === merged.length - 1) return merged[merged.length - 2]!.le;
  if (b === 0 && merged[0]!.le <= 0) return merged[0]!.le;
  let start = 0;
  let count = merged[b]!.count;
  if (b > 0) {
    start = merged[b - 1]!.le;
    count -= merged[b - 1]!.count;
    rank -= merged[b - 1]!.count;
  }
  return start + (merged[b]!.le - start) * (rank / count);
}

function histogramQuantile(q: Value, v: Value, times: number[]): Value {
  if (v.type !== "vector" || q.type !== "scalar") throw new ShardEvalError("histogram_quantile() needs a number and series");
  const groups = new Map<string, { metric: Labels; buckets: { le: number; s: Series }[] }>();
  for (const s of v.series) {
    if (s.metric.le === undefined) continue;
    const { le, ...rest } = withoutName(s.metric);
    const key = labelsToString(rest);
    const g = groups.get(key) ?? { metric: rest, buckets: [] };
    g.buckets.push({ le: parseSample(le!), s });
    groups.set(key, g);
  }
  const series: Series[] = [];
  for (const g of groups.values()) {
    const points = new Map<number, number>();
    for (const t of times) {
      const at = g.buckets.filter((b) => b.s.points.has(t)).map((b) => ({ le: b.le, count: b.s.points.get(t)! }));
      if (at.length > 0) points.set(t, bucketQuantile(q.points.get(t)!, at));
    }
    series.push({ metric: g.metric, points });
  }
  return { type: "vector", series };
}

function call(fn: string, args: Value[], times: number[], range: boolean): Value {
  const [a, b, c] = args;
  const scalarArg = (v: Value | undefined, t: number, fallback: number) => (v?.type === "scalar" ? v.points.get(t)! : fallback);
  const stringArg = (v: Value | undefined) => {
    if (v?.type !== "string") throw new ShardEvalError(`${fn}() needs a string there`);
    return v.value;
  };
  if (ELEMENTWISE[fn]) return mapPoints(a!, ELEMENTWISE[fn]);
  switch (fn) {
    case "round":
      return mapPoints(a!, (x, t) => {
        const inverse = 1 / scalarArg(b, t, 1);
        return Math.floor(x * inverse + 0.5) / inverse;
      });
    case "clamp":
      return mapPoints(a!, (x, t) => {
        const [lo, hi] = [scalarArg(b, t, -Infinity), scalarArg(c, t, Infinity)];
        return lo > hi ? null : Math.max(lo, Math.min(hi, x));
      });
    case "clamp_min":
      return mapPoints(a!, (x, t) => Math.max(scalarArg(b, t, -Infinity), x));
    case "clamp_max":
      return mapPoints(a!, (x, t) => Math.min(scalarArg(b, t, Infinity), x));
    case "time":
      return { type: "scalar", points: new Map(times.map((t) => [t, t / 1000])) };
    case "vector":
      if (a?.type !== "scalar") throw new ShardEvalError("vector() needs a number");
      return { type: "vector", series: [{ metric: {}, points: new Map(a.points) }] };
    case "scalar": {
      if (a?.type !== "vector") throw new ShardEvalError("scalar() needs series");
      return { type: "scalar", points: new Map(times.map((t) => {
        const at = a.series.filter((s) => s.points.has(t));
        return [t, at.length === 1 ? at[0]!.points.get(t)! : NaN];
      })) };
    }
    case "sort":
    case "sort_desc": {
      if (a?.type !== "vector") throw new ShardEvalError(`${fn}() needs series`);
      if (range) return a;
      const t = times[0]!;
      const order = ranked(fn === "sort_desc");
      return { type: "vector", series: [...a.series].sort((x, y) => order({ v: x.points.get(t) ?? NaN }, { v: y.points.get(t) ?? NaN })) };
    }
    case "label_replace": {
      const [dst, replacement, src, regex] = args.slice(1).map(stringArg) as [string, string, string, string];
      const re = new RegExp(`^(?:${regex})$`);
      return relabel(a!, (m) => {
        const match = re.exec(m[src] ?? "");
        return match ? setLabel(m, dst, expand(replacement, match)) : m;
      });
    }
    case "label_join": {
      const [dst, separator, ...sources] = args.slice(1).map(stringArg) as [string, string, ...string[]];
      return relabel(a!, (m) => setLabel(m, dst, sources.map((s) => m[s] ?? "").join(separator)));
    }
    case "histogram_quantile":
      return histogramQuantile(a!, b!, times);
    default:
      throw new ShardEvalError(`${fn}() cannot be evaluated by the console`);
  }
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
