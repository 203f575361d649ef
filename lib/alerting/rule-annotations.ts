import type { Labels } from "@/lib/prom/schemas";

/**
 * An alert's summary and runbook link for a band drawn from the `ALERTS` series (which
 * carries labels, not annotations): the rule's annotation templates, with the label
 * references Prometheus' templates use filled in. Anything else in a template (`$value`,
 * pipelines, conditionals) is dropped, since a past interval has no single value.
 */
export interface RuleGroups {
  groups: { rules: { type?: string; name: string; annotations?: Record<string, string> }[] }[];
}

export function ruleAnnotations(rules: RuleGroups): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const g of rules.groups) for (const r of g.rules) if (r.type !== "recording" && r.annotations && !out.has(r.name)) out.set(r.name, r.annotations);
  return out;
}

export function expandTemplate(template: string, labels: Labels): string {
  return template
    .replace(/\{\{\s*(?:\$labels|\.Labels)\.(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? "")
    .replace(/\{\{[^}]*\}\}/g, "…")
    .replace(/\s{2,}/g, " ")
    .trim();
}
