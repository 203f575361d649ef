import type { SyntaxNode } from "@lezer/common";
import { parsed, type ParsedQuery } from "./query";
import { promDurationSeconds } from "../recorded";

/**
 * What a query would cost Prometheus, estimated before it goes upstream (Prometheus' own
 * `--query.max-samples` stops a query only once it is loading them, and a subquery's
 * step is not the proxy's 11,000-point cap). Pure: the shape of a query — every selector
 * with how many points per series its evaluation holds — and, given each selector's
 * series count (the server asks `count(<selector>)`), the samples it would load.
 *
 * Prometheus evaluates a range query's selectors over the whole range at once (a matrix
 * of series × steps), a subquery `[R:s]` as a range query of its own from R before the
 * outer start at step s, and a range selector `[r]` with its window's samples held per
 * series per step: points(selector) = steps at its level + samples in its window.
 */
export interface SelectorCost {
  /** The selector's text (`DCGM_FI_DEV_GPU_UTIL{team="a"}`), as `count()` takes it. */
  selector: string;
  /** Evaluation steps at the selector's level (1 for an instant query, or under `@`). */
  steps: number;
  /** Samples of its range selector's window (`[5m]` at a 15 s scrape: 20); 0 for an instant selector. */
  windowSamples: number;
}

export interface Subquery {
  /** As written: `[1s:1ms]`. */
  text: string;
  /** Its step in seconds (the default evaluation interval when it names none). */
  stepSeconds: number;
}

export interface CostShape {
  selectors: SelectorCost[];
  subqueries: Subquery[];
}

export interface Evaluation {
  /** end − start of a range query; 0 for an instant query. */
  spanSeconds: number;
  /** A range query's step; ignored for an instant query. */
  stepSeconds: number;
  scrapeIntervalSeconds: number;
  /** What a subquery without a step steps by (Prometheus' evaluation interval, 1m by default). */
  defaultSubqueryStepSeconds?: number;
}

const durations = (expr: string, node: SyntaxNode) => node.getChildren("DurationExpr").map((d) => promDurationSeconds(expr.slice(d.from, d.to)) ?? 0);

/** The shape of a query that parses (one that does not has none: the proxy refuses it first, saying where). */
export function costShape(query: ParsedQuery | string, ev: Evaluation): CostShape {
  const { expr, tree } = parsed(query);
  const selectors: SelectorCost[] = [];
  const subqueries: Subquery[] = [];
  const defaultStep = ev.defaultSubqueryStepSeconds ?? 60;
  tree.iterate({
    enter(ref) {
      if (ref.name === "SubqueryExpr") {
        const [, step] = durations(expr, ref.node);
        const first = ref.node.getChildren("DurationExpr")[0];
        const open = first ? expr.lastIndexOf("[", first.from) : -1;
        subqueries.push({ text: expr.slice(open >= ref.from ? open : ref.from, ref.to), stepSeconds: step ?? defaultStep });
        return;
      }
      if (ref.name !== "VectorSelector") return;
      // Outermost first: each subquery widens the span by its range and steps by its own step.
      const chain: SyntaxNode[] = [];
      let pinned = false;
      let window = 0;
      for (let up = ref.node.parent; up; up = up.parent) {
        if (up.name === "StepInvariantExpr") pinned = true;
        if (up.name === "SubqueryExpr") chain.unshift(up);
        if (up.name === "MatrixSelector" && up === ref.node.parent) window = durations(expr, up)[0] ?? 0;
      }
      let span = ev.spanSeconds;
      let steps = ev.spanSeconds > 0 ? Math.floor(ev.spanSeconds / ev.stepSeconds) + 1 : 1;
      for (const sq of chain) {
        const [range = 0, step = defaultStep] = durations(expr, sq);
        span += range;
        steps = Math.floor(span / Math.max(step, 1e-3)) + 1;
      }
      if (pinned) steps = 1;
      selectors.push({ selector: expr.slice(ref.from, ref.to), steps, windowSamples: window > 0 ? Math.ceil(window / ev.scrapeIntervalSeconds) : 0 });
    },
  });
  return { selectors, subqueries };
}

/** Points per series of each selector (what one matching series costs). */
export const pointsOf = (s: SelectorCost) => s.steps + s.windowSamples;

export interface Estimate {
  samples: number;
  /** The selector that costs most, with its series and points, for the refusal's message. */
  worst: { selector: string; series: number; points: number } | null;
}

/** The samples a query would load, given each selector's series count. */
export function estimateSamples(shape: CostShape, seriesOf: (selector: string) => number): Estimate {
  let samples = 0;
  let worst: Estimate["worst"] = null;
  for (const s of shape.selectors) {
    const series = seriesOf(s.selector);
    const cost = series * pointsOf(s);
    samples += cost;
    if (!worst || cost > worst.series * worst.points) worst = { selector: s.selector, series, points: pointsOf(s) };
  }
  return { samples, worst };
}
