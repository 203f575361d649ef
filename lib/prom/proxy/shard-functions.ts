import { labelsToString } from "@/lib/charts/matrix-to-series";
import type { Grouping, Plan } from "./shard-plan";
import { formatSample, parseSample, quantile, ranked, reduce, ShardEvalError, withoutName, type Labels, type Series, type Value } from "./shard-values";

/** Aggregations and the functions the console evaluates over the shards' merged answers, as Prometheus' engine does. Pure. */

function groupMetric(metric: Labels, grouping: Grouping | null): Labels {
  if (!grouping) return {};
  if (grouping.without) {
    const drop = new Set(["__name__", ...grouping.labels]);
    return Object.fromEntries(Object.entries(metric).filter(([k]) => !drop.has(k)));
  }
  return Object.fromEntries(grouping.labels.filter((l) => metric[l] !== undefined && metric[l] !== "").map((l) => [l, metric[l]!]));
}

export function aggregate(p: Extract<Plan, { kind: "aggregate" }>, inner: Value, param: Value | null, times: number[]): Value {
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

export function mapPoints(v: Value, f: (x: number, t: number) => number | null): Value {
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

export function call(fn: string, args: Value[], times: number[], range: boolean): Value {
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
