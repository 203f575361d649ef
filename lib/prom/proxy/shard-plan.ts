import type { SyntaxNode } from "@lezer/common";
import { promDurationSeconds } from "../recorded";
import { unquote } from "./enforce";
import type { ParsedQuery } from "./query";

/**
 * How a query is answered by Prometheus servers that each scrape a share of the targets
 * (hashmod sharding): Promxy's plan, on Prometheus' own grammar. Every series lives on
 * exactly one shard, so the largest subtrees that never combine two series (selectors,
 * per-series functions, arithmetic with a number) are sent to every shard as they are and
 * their answers joined ("remote"). An aggregation of such a subtree that composes (sum,
 * count, min, max, group; avg as sum ÷ count; topk/bottomk of the shards' topk) is pushed
 * down, each shard aggregating its own share ("pushdown"). Everything above — binary
 * operators between vectors, the other aggregations, scalar(), sort(), histogram_quantile()
 * — is evaluated by the console over those answers (./shard-eval.ts). What cannot be
 * split exactly (a subquery or @ over an aggregation, absent()) is refused, saying what.
 * Pure.
 */
export type Grouping = { without: boolean; labels: string[] };
export type Matching = { on: boolean; labels: string[]; card: "one-to-one" | "many-to-one" | "one-to-many"; include: string[] };
export type Combine = "sum" | "min" | "max" | "group";

export type Plan =
  | { kind: "remote"; expr: string }
  | { kind: "pushdown"; expr: string; combine: Combine }
  | { kind: "aggregate"; op: string; grouping: Grouping | null; param: Plan | null; inner: Plan }
  | { kind: "binary"; op: string; bool: boolean; matching: Matching | null; left: Plan; right: Plan }
  | { kind: "call"; fn: string; args: Plan[] }
  | { kind: "number"; value: number }
  | { kind: "string"; value: string }
  | { kind: "negate"; inner: Plan }
  /** f_over_time(inner[range:step] offset o @ t) over an inner the console evaluates: its own grid of steps (./shard-eval.ts' subqueryGrid). */
  | { kind: "subquery"; fn: string; args: Plan[]; inner: Plan; rangeMs: number; stepMs: number; offsetMs: number; at: "start" | "end" | number | null };

/** A query the shards cannot answer exactly between them. */
export class ShardPlanError extends Error {}

/** Functions that combine series or return a scalar: never sent to a shard as part of a larger subtree. */
const ACROSS_SERIES = new Set(["absent", "absent_over_time", "scalar", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc", "vector", "time", "pi", "info", "histogram_quantile", "histogram_fraction"]);
/** Functions the console evaluates itself over answers it merged. */
export const LOCAL_FUNCTIONS = new Set([
  "abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn", "round", "clamp", "clamp_min", "clamp_max",
  "scalar", "vector", "time", "sort", "sort_desc", "label_replace", "label_join", "histogram_quantile",
]);
/** The functions of a range the console evaluates over a subquery's steps. */
export const OVER_TIME = new Set(["sum_over_time", "avg_over_time", "min_over_time", "max_over_time", "count_over_time", "last_over_time", "present_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time"]);
const SCALAR_FUNCTIONS = new Set(["scalar", "time", "pi"]);
/** Aggregations whose shard answers compose into the whole one, and how. */
const PUSHDOWN: Record<string, Combine> = { sum: "sum", count: "sum", min: "min", max: "max", group: "group" };
export const LOCAL_AGGREGATIONS = new Set(["sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "quantile", "topk", "bottomk", "count_values"]);
const PARAM_AGGREGATIONS = new Set(["topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio"]);

const BINARY_OPS = new Set(["Add", "Sub", "Mul", "Div", "Mod", "Pow", "Atan2", "Eql", "Neq", "Gtr", "Lss", "Gte", "Lte", "And", "Or", "Unless"]);

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function functionName(node: SyntaxNode, text: string): string {
  const id = node.getChild("FunctionIdentifier")!;
  return text.slice(id.from, id.to);
}

function args(node: SyntaxNode): SyntaxNode[] {
  const body = node.getChild("FunctionCallBody");
  return body ? children(body) : [];
}

function isScalar(node: SyntaxNode, text: string): boolean {
  switch (node.name) {
    case "NumberDurationLiteral":
      return true;
    case "ParenExpr":
    case "StepInvariantExpr":
      return isScalar(node.firstChild!, text);
    case "UnaryExpr":
      return isScalar(node.lastChild!, text);
    case "BinaryExpr": {
      const c = children(node);
      return isScalar(c[0]!, text) && isScalar(c.at(-1)!, text);
    }
    case "FunctionCall":
      return SCALAR_FUNCTIONS.has(functionName(node, text));
    default:
      return false;
  }
}

/** A subtree in which no two series meet: each shard can answer it for its own series. */
function perSeries(node: SyntaxNode, text: string): boolean {
  switch (node.name) {
    case "VectorSelector":
    case "MatrixSelector":
    case "NumberDurationLiteral":
    case "StringLiteral":
      return true;
    case "ParenExpr":
    case "UnaryExpr":
    case "SubqueryExpr":
    case "OffsetExpr":
    case "StepInvariantExpr":
      return node.firstChild !== null && children(node).every((c) => !isExpr(c) || perSeries(c, text));
    case "FunctionCall":
      return !ACROSS_SERIES.has(functionName(node, text)) && args(node).every((a) => perSeries(a, text));
    case "BinaryExpr": {
      const c = children(node);
      const [l, r] = [c[0]!, c.at(-1)!];
      return (isScalar(l, text) || isScalar(r, text)) && perSeries(l, text) && perSeries(r, text);
    }
    default:
      return false;
  }
}

const EXPR_NODES = new Set(["AggregateExpr", "BinaryExpr", "FunctionCall", "MatrixSelector", "NumberDurationLiteral", "OffsetExpr", "ParenExpr", "StringLiteral", "SubqueryExpr", "UnaryExpr", "VectorSelector", "StepInvariantExpr"]);
function isExpr(node: SyntaxNode): boolean {
  return EXPR_NODES.has(node.name);
}

function labelNames(node: SyntaxNode | null, text: string): string[] {
  if (!node) return [];
  return children(node).map((l) => (l.name === "QuotedLabelName" ? unquote(text.slice(l.from, l.to)) : text.slice(l.from, l.to)));
}

export function parseNumber(literal: string): number {
  const t = literal.toLowerCase().replace(/^\+/, "");
  if (t === "inf") return Infinity;
  if (t === "-inf") return -Infinity;
  if (t === "nan") return NaN;
  if (/^0x[0-9a-f]+$/.test(t)) return parseInt(t, 16);
  const n = Number(t.replace(/_/g, ""));
  if (Number.isFinite(n)) return n;
  const seconds = promDurationSeconds(literal);
  if (seconds === null) throw new ShardPlanError(`cannot read the number "${literal}"`);
  return seconds;
}

function planAggregate(node: SyntaxNode, text: string): Plan {
  const opNode = node.getChild("AggregateOp")!;
  const op = text.slice(opNode.from, opNode.to).toLowerCase();
  const modifier = node.getChild("AggregateModifier");
  const grouping: Grouping | null = modifier ? { without: modifier.firstChild!.name === "Without", labels: labelNames(modifier.getChild("GroupingLabels"), text) } : null;
  const a = args(node);
  const innerNode = a.at(-1)!;
  const paramNode = PARAM_AGGREGATIONS.has(op) ? a[0]! : null;
  if (!LOCAL_AGGREGATIONS.has(op)) throw new ShardPlanError(`${op}() cannot be answered across shards`);
  const modText = modifier ? ` ${text.slice(modifier.from, modifier.to)} ` : "";
  const innerText = text.slice(innerNode.from, innerNode.to);
  const param = paramNode ? plan(paramNode, text) : null;
  if (perSeries(innerNode, text)) {
    const combine = PUSHDOWN[op];
    if (combine) return { kind: "pushdown", expr: `${op}${modText}(${innerText})`, combine };
    if (op === "avg") {
      return {
        kind: "binary",
        op: "Div",
        bool: false,
        matching: null,
        left: { kind: "pushdown", expr: `sum${modText}(${innerText})`, combine: "sum" },
        right: { kind: "pushdown", expr: `count${modText}(${innerText})`, combine: "sum" },
      };
    }
    // The k highest of all are among the k highest of each shard: each shard sends only those.
    if ((op === "topk" || op === "bottomk") && paramNode && perSeries(paramNode, text)) {
      return { kind: "aggregate", op, grouping, param, inner: { kind: "remote", expr: text.slice(node.from, node.to) } };
    }
  }
  return { kind: "aggregate", op, grouping, param, inner: plan(innerNode, text) };
}

function planBinary(node: SyntaxNode, text: string): Plan {
  const c = children(node);
  const opNode = c.find((x) => BINARY_OPS.has(x.name));
  if (!opNode) throw new ShardPlanError(`the operator in "${text.slice(node.from, node.to)}" cannot be read`);
  if (node.getChild("FillModifier")) throw new ShardPlanError("fill() modifiers cannot be answered across shards");
  const clause = node.getChild("MatchingModifierClause");
  let matching: Matching | null = null;
  if (clause) {
    const parts = children(clause);
    const groups = parts.filter((p) => p.name === "GroupingLabels");
    const side = parts.find((p) => p.name === "GroupLeft" || p.name === "GroupRight");
    matching = {
      on: parts[0]!.name === "On",
      labels: labelNames(groups[0] ?? null, text),
      card: side ? (side.name === "GroupLeft" ? "many-to-one" : "one-to-many") : "one-to-one",
      include: labelNames(groups[1] ?? null, text),
    };
  }
  return { kind: "binary", op: opNode.name, bool: node.getChild("BoolModifier") !== null, matching, left: plan(c[0]!, text), right: plan(c.at(-1)!, text) };
}

function durationMs(raw: string): number {
  const seconds = promDurationSeconds(raw.trim());
  if (seconds === null) throw new ShardPlanError(`cannot read the duration "${raw}"`);
  return Math.round(seconds * 1000);
}

/** f_over_time over a subquery (an offset and an @ around it unwrapped): its inner planned like any query. */
function planSubquery(fn: string, argNodes: SyntaxNode[], text: string): Plan | null {
  let node = argNodes.at(-1)!;
  let offsetMs = 0;
  let at: "start" | "end" | number | null = null;
  for (;;) {
    if (node.name === "OffsetExpr") {
      const d = node.getChild("OffsetDurationExpr")!;
      const raw = text.slice(d.from, d.to).trim();
      offsetMs = (raw.startsWith("-") ? -1 : 1) * durationMs(raw.replace(/^[-+]/, ""));
      node = node.firstChild!;
    } else if (node.name === "StepInvariantExpr") {
      const pre = node.getChild("AtModifierPreprocessors");
      const n = node.getChild("NumberDurationLiteral");
      at = pre ? (pre.firstChild!.name === "AtStart" ? "start" : "end") : Math.round(parseNumber(text.slice(n!.from, n!.to)) * 1000);
      node = node.firstChild!;
    } else break;
  }
  if (node.name !== "SubqueryExpr") return null;
  const [range, step] = node.getChildren("DurationExpr");
  if (!step) throw new ShardPlanError(`"${text.slice(node.from, node.to)}": a subquery across shards needs its step written`);
  return {
    kind: "subquery",
    fn,
    args: argNodes.slice(0, -1).map((a) => plan(a, text)),
    inner: plan(node.firstChild!, text),
    rangeMs: durationMs(text.slice(range!.from, range!.to)),
    stepMs: durationMs(text.slice(step.from, step.to)),
    offsetMs,
    at,
  };
}

function plan(node: SyntaxNode, text: string): Plan {
  const source = text.slice(node.from, node.to);
  if (node.name === "NumberDurationLiteral") return { kind: "number", value: parseNumber(source) };
  if (node.name === "StringLiteral") return { kind: "string", value: unquote(source) };
  if (!isScalar(node, text) && perSeries(node, text)) return { kind: "remote", expr: source };
  switch (node.name) {
    case "ParenExpr":
      return plan(node.firstChild!, text);
    case "UnaryExpr": {
      const inner = plan(node.lastChild!, text);
      return text.slice(node.firstChild!.from, node.firstChild!.to) === "-" ? { kind: "negate", inner } : inner;
    }
    case "AggregateExpr":
      return planAggregate(node, text);
    case "BinaryExpr":
      return planBinary(node, text);
    case "FunctionCall": {
      const fn = functionName(node, text);
      const subquery = OVER_TIME.has(fn) ? planSubquery(fn, args(node), text) : null;
      if (subquery) return subquery;
      if (!LOCAL_FUNCTIONS.has(fn)) throw new ShardPlanError(`${fn}() over "${args(node).map((a) => text.slice(a.from, a.to)).join(", ")}" cannot be answered across shards`);
      return { kind: "call", fn, args: args(node).map((a) => plan(a, text)) };
    }
    case "SubqueryExpr":
    case "OffsetExpr":
    case "StepInvariantExpr":
      throw new ShardPlanError(`"${source}": a subquery, offset or @ over series of several shards cannot be answered across shards; ask a store that holds every series`);
    default:
      throw new ShardPlanError(`"${source}" cannot be answered across shards`);
  }
}

/** The plan of a parsed query (its top node is PromQL). */
export function planShards(query: ParsedQuery): Plan {
  const top = query.tree.topNode.firstChild;
  if (!top) throw new ShardPlanError("the query is empty");
  return plan(top, query.expr);
}
