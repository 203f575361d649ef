import { parser } from "@prometheus-io/lezer-promql";
import type { Vector } from "@/lib/prom/schemas";

/**
 * A top-N panel (defs/top-series.ts) asks which series it keeps before it draws them. In
 * one step, `(E) and on (…) (RANKING)` makes Prometheus evaluate E for every series at
 * every step and then keep 20: at 8,192 GPUs each such chart was a 30 s query. In two, the
 * ranking runs alone (an instant query at the window's end, where its `@ end()` already
 * evaluates it), and the range runs with the node variable set to the nodes it kept, so E
 * reads their GPUs only. The expression stays the same one, so the answer is the same: the
 * ranking over the kept nodes' series still picks the same series (every one it kept is
 * among them), and each drawn series is E's own.
 */

/** The ranking of `(E) and on (…) (RANKING)`, without its parentheses; null for any other form. */
export function rankingOf(expr: string): string | null {
  const tree = parser.parse(expr);
  const top = tree.topNode.firstChild;
  if (!top || top.name !== "BinaryExpr" || top.nextSibling) return null;
  if (!top.getChild("And")) return null;
  let rhs = top.lastChild;
  if (!rhs || rhs.name === "And" || rhs.name === "MatchingModifierClause") return null;
  let broken = false;
  tree.iterate({ enter: (n) => void (n.type.isError && (broken = true)) });
  if (broken) return null;
  while (rhs.name === "ParenExpr" && rhs.firstChild) rhs = rhs.firstChild;
  return expr.slice(rhs.from, rhs.to);
}

/** The values of `label` among the ranked series, sorted and once each: the nodes to draw. */
export function keptValues(ranked: Vector, label: string): string[] {
  return [...new Set(ranked.result.map((s) => s.metric[label]).filter((v): v is string => v !== undefined && v !== ""))].sort();
}
