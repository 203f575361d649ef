import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import { CANONICAL_LABELS, LABEL_SPELLINGS, type CanonicalLabel, type LabelSpelling } from "./labels";

/**
 * Rewrites PromQL written for released dcgm-exporters (`Hostname`, `UUID`, `pod`, …) for a
 * fleet that spells its labels otherwise (LABEL_SPELLINGS), on Prometheus' own grammar —
 * for the shipped rules, which Prometheus reads as they are and so cannot use the
 * dashboards' `$__host` references.
 *
 * `Hostname` and `UUID` are dcgm-exporter's own names and are renamed wherever they name a
 * label. `pod`, `namespace` and `container` are also Kubernetes labels of other exporters
 * (a training job's `namespace` keeps its name), so they are renamed only where every
 * series involved is dcgm-exporter's: in a DCGM_* (or GPU recording rule's) selector, and in
 * the grouping of an aggregation or a binary operation over only such series.
 */
const RELEASE = LABEL_SPELLINGS.release;
const BY_RELEASE_NAME = new Map<string, CanonicalLabel>(CANONICAL_LABELS.map((c) => [RELEASE[c], c]));
const DCGM_ONLY = new Set<CanonicalLabel>(["host", "uuid"]);

/** Series that carry dcgm-exporter's labels: its own, and the rules recorded from them per GPU. */
export function isGpuSeries(metric: string): boolean {
  return metric.startsWith("DCGM_") || metric.startsWith("gpu:") || metric.startsWith("node:gpus_");
}

function selectorsIn(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = node.cursor();
  const end = node.to;
  do {
    if (cursor.from >= end) break;
    if (cursor.name === "VectorSelector") out.push(cursor.node);
  } while (cursor.next());
  return out;
}

function metricOf(selector: SyntaxNode, text: string): string {
  const id = selector.getChild("Identifier");
  return id ? text.slice(id.from, id.to) : "";
}

/** Every selector of a subtree reads GPU series (and there is at least one). */
function onlyGpuSeries(node: SyntaxNode, text: string): boolean {
  const found = selectorsIn(node);
  return found.length > 0 && found.every((s) => isGpuSeries(metricOf(s, text)));
}

/** Whether a label name at this node may be renamed to its `canonical` spelling. */
function renamable(nameNode: SyntaxNode, canonical: CanonicalLabel, text: string): boolean {
  if (DCGM_ONLY.has(canonical)) return true;
  for (let n: SyntaxNode | null = nameNode.parent; n; n = n.parent) {
    if (n.name === "VectorSelector") return isGpuSeries(metricOf(n, text));
    if (n.name === "GroupingLabels") {
      const owner = n.parent?.parent; // AggregateModifier → AggregateExpr, MatchingModifierClause → BinaryExpr
      return owner ? onlyGpuSeries(owner, text) : false;
    }
  }
  return false;
}

const LABEL_ARGUMENT_FUNCTIONS = new Set(["label_replace", "label_join"]);

export function spellPromql(expr: string, spelling: LabelSpelling): string {
  if (spelling === "release") return expr;
  const target = LABEL_SPELLINGS[spelling];
  const edits: { from: number; to: number; text: string }[] = [];
  const cursor = parser.parse(expr).cursor();
  do {
    const node = cursor.node;
    if (node.name === "LabelName") {
      const canonical = BY_RELEASE_NAME.get(expr.slice(node.from, node.to));
      if (canonical && target[canonical] !== RELEASE[canonical] && renamable(node, canonical, expr)) edits.push({ from: node.from, to: node.to, text: target[canonical] });
    } else if (node.name === "StringLiteral" && node.parent?.name === "FunctionCallBody") {
      // label_replace(v, "dst", "replacement", "src", "regex") / label_join(v, "dst", "sep", "src"…): label names as strings.
      const fn = node.parent.parent?.getChild("FunctionIdentifier");
      if (!fn || !LABEL_ARGUMENT_FUNCTIONS.has(expr.slice(fn.from, fn.to))) continue;
      const raw = expr.slice(node.from, node.to);
      const canonical = BY_RELEASE_NAME.get(raw.slice(1, -1));
      if (canonical && DCGM_ONLY.has(canonical) && target[canonical] !== RELEASE[canonical]) edits.push({ from: node.from + 1, to: node.to - 1, text: target[canonical] });
    }
  } while (cursor.next());
  let out = expr;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** `{{ $labels.Hostname }}` in an alert's annotations; pod/namespace/container only for an alert on GPU series. */
export function spellTemplate(text: string, spelling: LabelSpelling, gpuAlert: boolean): string {
  const target = LABEL_SPELLINGS[spelling];
  return text.replace(/\$labels\.([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => {
    const canonical = BY_RELEASE_NAME.get(name);
    if (!canonical || (!DCGM_ONLY.has(canonical) && !gpuAlert)) return whole;
    return `$labels.${target[canonical]}`;
  });
}

interface RuleDoc {
  groups: { rules: { expr: string; alert?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[];
}

/** A Prometheus rule file (parsed YAML) written for released dcgm-exporters, for a fleet spelled otherwise. */
export function spellRules<T extends RuleDoc>(doc: T, spelling: LabelSpelling): T {
  if (spelling === "release") return doc;
  return {
    ...doc,
    groups: doc.groups.map((g) => ({
      ...g,
      rules: g.rules.map((rule) => {
        const tree = parser.parse(rule.expr).topNode;
        const gpuAlert = onlyGpuSeries(tree, rule.expr);
        const spellAll = (m: Record<string, string> | undefined) => m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, spellTemplate(v, spelling, gpuAlert)]));
        return { ...rule, expr: spellPromql(rule.expr, spelling), ...(rule.annotations ? { annotations: spellAll(rule.annotations) } : {}), ...(rule.labels ? { labels: spellAll(rule.labels) } : {}) };
      }),
    })),
  };
}
