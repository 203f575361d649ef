import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";
import { IDENTIFYING_LABELS } from "@/lib/alerting/alert-intervals";
import { selectors } from "@/lib/prom/proxy/enforce";
import { findParseFault } from "@/lib/prom/proxy/validate";
import type { Labels } from "@/lib/prom/schemas";

/**
 * The live context of an alert on its runbook: which series to chart and how the
 * runbook's commands read for this alert. Pure; the page fetches through the proxy.
 */

const COMPARISONS = new Set(["Gtr", "Gte", "Lss", "Lte", "Eql", "Neq"]);

function unwrapParens(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.name === "ParenExpr" && n.firstChild) n = n.firstChild;
  return n;
}

/**
 * The series behind an alert: the rule's expression without its top-level comparison
 * against a number (`DCGM_FI_DEV_GPU_TEMP > 85` charts the temperature, with 85 as the
 * threshold), every selector narrowed to the alert's identifying labels (Hostname, gpu,
 * pod, …) so only the affected series are read. Other rules (a comparison of two vectors,
 * `absent(…)`) are charted as they are. Null when the rule does not parse.
 */
export function affectedSeriesQuery(ruleExpr: string, labels: Labels): { expr: string; threshold: number | null } | null {
  if (findParseFault(ruleExpr)) return null;
  let expr = ruleExpr.trim();
  let threshold: number | null = null;
  const top = parser.parse(expr).topNode.firstChild;
  if (top?.name === "BinaryExpr") {
    const kids: SyntaxNode[] = [];
    for (let c = top.firstChild; c; c = c.nextSibling) kids.push(c);
    const op = kids.find((k) => COMPARISONS.has(k.name));
    const hasBool = kids.some((k) => k.name === "BoolModifier");
    const [left, right] = [kids[0], kids[kids.length - 1]];
    if (op && !hasBool && left && right) {
      const l = unwrapParens(left);
      const r = unwrapParens(right);
      if (r.name === "NumberDurationLiteral" && l.name !== "NumberDurationLiteral") {
        threshold = Number(expr.slice(r.from, r.to));
        expr = expr.slice(left.from, left.to);
      } else if (l.name === "NumberDurationLiteral" && r.name !== "NumberDurationLiteral") {
        threshold = Number(expr.slice(l.from, l.to));
        expr = expr.slice(right.from, right.to);
      }
      if (threshold !== null && !Number.isFinite(threshold)) threshold = null;
    }
  }
  const narrowing = IDENTIFYING_LABELS.filter((name) => labels[name] !== undefined && labels[name] !== "").map((name) => `${name}=${JSON.stringify(labels[name])}`);
  if (narrowing.length === 0) return { expr, threshold };
  const matcher = narrowing.join(", ");
  const inserts: { at: number; text: string }[] = [];
  for (const sel of selectors(expr)) {
    const labelMatchers = sel.getChild("LabelMatchers");
    if (labelMatchers) inserts.push({ at: labelMatchers.from + 1, text: labelMatchers.firstChild ? `${matcher}, ` : matcher });
    else inserts.push({ at: sel.to, text: `{${matcher}}` });
  }
  let narrowed = expr;
  for (const i of inserts.sort((a, b) => b.at - a.at)) narrowed = narrowed.slice(0, i.at) + i.text + narrowed.slice(i.at);
  return findParseFault(narrowed) ? { expr, threshold } : { expr: narrowed, threshold };
}

/** The runbooks' placeholders and the labels that fill them. */
export const PLACEHOLDERS: Record<string, readonly string[]> = {
  node: ["Hostname", "hostname", "node", "instance"],
  gpu: ["gpu"],
  instance: ["instance"],
  pod: ["pod", "exported_pod", "pod_name"],
  model: ["model_name"],
  job: ["job_name"],
  rack: ["rack"],
  cluster: ["cluster"],
  pci_bus_id: ["pci_bus_id"],
};

/**
 * A runbook's command or query with its `<node>`, `<gpu>`, `<pod>`, … filled from the
 * alert's labels (`<node>` from Hostname, else the instance without its port). Unknown
 * placeholders stay as they are, so the reader sees what is left to fill.
 */
export function fillPlaceholders(text: string, labels: Labels): { text: string; filled: number } {
  let filled = 0;
  const out = text.replace(/<([a-z_]+)>/g, (whole, name: string) => {
    for (const label of PLACEHOLDERS[name] ?? []) {
      const value = labels[label];
      if (!value) continue;
      filled++;
      return name === "node" && label === "instance" ? value.replace(/:\d+$/, "") : value;
    }
    return whole;
  });
  return { text: out, filled };
}

/** An Explore link for a query (the last hour, the default datasource). */
export function explorePath(expr: string, datasource = "default"): string {
  const params = new URLSearchParams({ from: "now-1h", to: "now" });
  params.append("var-datasource", datasource);
  params.append("var-expr", expr);
  return `/explore?${params}`;
}
