import { parser } from "@prometheus-io/lezer-promql";

/**
 * Recording rules know their horizon. A recorded series (`team:gpus_allocated:count`)
 * exists only since its rule first ran (the day the console was deployed, or Prometheus
 * started); a figure whose window reaches further back would be a silent partial sum.
 * Pure: what a query reads and how far back, and what to run given when each recorded
 * series begins (lib/prom/horizon.ts asks Prometheus for that, on the server).
 */

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g;
const UNIT_S: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Prometheus' duration notation (`1h30m`, `7d`) or float seconds, in seconds; null when it is neither. */
export function promDurationSeconds(raw: string): number | null {
  const n = Number(raw);
  if (raw.trim() !== "" && Number.isFinite(n)) return n;
  const parts = [...raw.matchAll(DURATION_PART)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== raw) return null;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_S[p[2]!]!, 0);
}

/** One series a query reads: its metric name, and how far before the evaluation time it reaches. */
export interface SeriesRead {
  name: string;
  /** Ranges of the enclosing range selectors and subqueries, plus their offsets, in seconds. */
  lookbackSeconds: number;
}

/** A metric name the recording-rule convention could have made (`level:metric:operations`). */
const looksRecorded = (name: string) => name.includes(":");

/**
 * The selectors of an expression whose name could be a recording rule's, each with its
 * look-back (`sum_over_time(x:y:z[7d:1m])` reads x:y:z from 7 days before the evaluation
 * time; a selector pinned with `@` reads only at that instant). Names without a colon are left out: the convention names every rule
 * `level:metric:operations`, and the server says which of the rest really are rules.
 * An expression that does not parse reads nothing here (the proxy says where it is wrong).
 */
export function recordedReads(expr: string): SeriesRead[] {
  return seriesReads(expr).filter((r) => looksRecorded(r.name));
}

/**
 * A raw series read over a long window (an hour or more before the evaluation time): a sum
 * or share over it is partial too where the exporter's series begin later (a new install's
 * Prometheus, a metric newly scraped). Shorter look-backs (`rate(x[5m])`) are a chart's
 * ordinary edge.
 */
export const LONG_LOOKBACK_SECONDS = 3600;

/** The names an expression reads raw (no colon) over a long window. */
export function longRawReads(expr: string): SeriesRead[] {
  return seriesReads(expr).filter((r) => !looksRecorded(r.name) && r.lookbackSeconds >= LONG_LOOKBACK_SECONDS);
}

/** Every named selector of an expression, with its look-back. */
export function seriesReads(expr: string): SeriesRead[] {
  const tree = parser.parse(expr);
  const reads: SeriesRead[] = [];
  let broken = false;
  tree.iterate({
    enter(node) {
      if (node.type.isError) broken = true;
      if (node.name !== "VectorSelector") return;
      const id = node.node.getChild("Identifier");
      const name = id ? expr.slice(id.from, id.to) : "";
      if (!name) return;
      let lookback = 0;
      for (let up = node.node.parent; up; up = up.parent) {
        // `x @ end()`: read at one instant whatever the subqueries around it step through.
        if (up.name === "StepInvariantExpr") break;
        if (up.name === "MatrixSelector" || up.name === "SubqueryExpr") {
          // The range is the first duration after the selector or the inner expression.
          const range = up.getChildren("DurationExpr")[0];
          lookback += range ? (promDurationSeconds(expr.slice(range.from, range.to)) ?? 0) : 0;
        } else if (up.name === "OffsetExpr") {
          const offset = up.getChild("OffsetDurationExpr");
          const text = offset ? expr.slice(offset.from, offset.to).replace(/\s+/g, "") : "";
          const s = promDurationSeconds(text.replace(/^[-+]/, "")) ?? 0;
          lookback += text.startsWith("-") ? -s : s;
        }
      }
      reads.push({ name, lookbackSeconds: Math.max(0, lookback) });
    },
  });
  return broken ? [] : reads;
}

/** When each recorded series begins (ms), per name the server knows as a recording rule; null: the rule has no samples yet. */
export type Horizons = Record<string, number | null>;

/** A panel query with the raw expression that computes the same figure from the exporter's series. */
export interface CoverableQuery {
  expr: string;
  raw?: string;
}

export interface CoveragePlan {
  /** What to run: the query's expression, or its raw equivalent when a recorded series does not reach back far enough. */
  expr: string;
  usedRaw: boolean;
  /** The figure covers only since this instant (ms): a recorded series began then and there is no raw equivalent, or the raw series it reads began then. */
  partialSinceMs: number | null;
  /** What began then: a recording rule, or the raw series themselves (a young install's history). */
  partialBecause?: "rule" | "data";
}

/**
 * A partial window's error is bounded by how much of it is missing: a gap under 1 % of the
 * window (or under 5 minutes, a rule's first evaluations) does not change the figure
 * within the precision it is drawn with.
 */
export function coverageTolerance(spanSeconds: number): number {
  return Math.max(300, spanSeconds * 0.01);
}

/**
 * What a panel query runs over a window (`startSeconds` is the range's start, or an instant
 * query's time; `endSeconds` its end). Every recorded series it reads must begin before
 * the window reaches it (start − look-back); where one does not, the raw equivalent runs
 * instead, or, with none declared, the query runs and says it covers only since then. The
 * raw series what runs reads over a long window (`starts`: when each begins) must reach back
 * too, or the figure says since when it covers: there is nothing further to fall back on.
 */
export function planCoverage(query: CoverableQuery, startSeconds: number, endSeconds: number, horizons: Horizons, starts: Horizons = {}): CoveragePlan {
  const since = uncoveredSince(recordedReads(query.expr), startSeconds, endSeconds, horizons);
  const plan: CoveragePlan =
    since === null
      ? { expr: query.expr, usedRaw: false, partialSinceMs: null }
      : query.raw
        ? { expr: query.raw, usedRaw: true, partialSinceMs: null }
        : { expr: query.expr, usedRaw: false, partialSinceMs: since, partialBecause: "rule" };
  // What runs reads raw series over a long window: they must reach back as far (the raw history of a young install may not).
  const rawSince = uncoveredSince(longRawReads(plan.expr), startSeconds, endSeconds, starts);
  if (rawSince === null || rawSince <= (plan.partialSinceMs ?? 0)) return plan;
  return { ...plan, partialSinceMs: rawSince, partialBecause: "data" };
}

/** The latest instant (ms) at which one of `reads` begins after the window needs it; null when all cover it. */
function uncoveredSince(reads: readonly SeriesRead[], startSeconds: number, endSeconds: number, horizons: Horizons): number | null {
  let since: number | null = null;
  for (const read of reads) {
    if (!(read.name in horizons)) continue;
    const horizon = horizons[read.name] ?? null;
    const needed = startSeconds - read.lookbackSeconds;
    const beginsS = horizon === null ? endSeconds : horizon / 1000;
    if (beginsS > needed + coverageTolerance(endSeconds - needed)) since = Math.max(since ?? 0, beginsS * 1000);
  }
  return since;
}

/** Every name an expression reads that may be a recording rule's: what to ask the server's horizons for. */
export function recordedNames(exprs: readonly string[]): string[] {
  return [...new Set(exprs.flatMap((e) => recordedReads(e).map((r) => r.name)))].sort();
}

/** Every raw name the expressions read over a long window: whose first samples to ask for. */
export function longRawNames(exprs: readonly string[]): string[] {
  return [...new Set(exprs.flatMap((e) => longRawReads(e).map((r) => r.name)))].sort();
}
