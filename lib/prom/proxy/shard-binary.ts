import { labelsToString } from "@/lib/charts/matrix-to-series";
import type { Matching, Plan } from "./shard-plan";
import { ShardEvalError, withoutName, type Labels, type Series, type Value } from "./shard-values";

/** Binary operators between the shards' merged answers, with Prometheus' vector matching (on, ignoring, group_left/right, bool, and/or/unless). Pure. */

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

export function binary(p: Extract<Plan, { kind: "binary" }>, left: Value, right: Value, times: number[]): Value {
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
