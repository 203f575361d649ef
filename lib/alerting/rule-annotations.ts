import type { Labels } from "@/lib/prom/schemas";
import { alertMatchesSeries } from "./alert-intervals";

/**
 * An alert's summary and runbook link for a band drawn from the `ALERTS` series (which
 * carries labels, not annotations): the rule's annotation templates, with the label
 * references Prometheus' templates use filled in, and `$value` (bare or through printf,
 * humanize, humanizeDuration, humanizePercentage) from the rule's own query at the band's
 * end (`bandValue`). Other template logic (conditionals, queries) is dropped.
 */
export interface RuleGroups {
  groups: { rules: { type?: string; name: string; query?: string; annotations?: Record<string, string> }[] }[];
}

/** The key under which `ruleAnnotations` keeps an alerting rule's query beside its annotations. */
export const RULE_QUERY = "__query";

export function ruleAnnotations(rules: RuleGroups): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const g of rules.groups) {
    for (const r of g.rules) {
      if (r.type === "recording" || out.has(r.name) || (!r.annotations && !r.query)) continue;
      out.set(r.name, { ...(r.annotations ?? {}), ...(r.query ? { [RULE_QUERY]: r.query } : {}) });
    }
  }
  return out;
}

const VALUE = /\{\{\s*(?:\$value|\.Value)\s*(?:\|\s*([^}]*?))?\s*\}\}|\{\{\s*(humanize\w*)\s+(?:\$value|\.Value)\s*\}\}/g;

/** Whether a template shows the alert's value (then the band asks for it). */
export function usesValue(template: string): boolean {
  VALUE.lastIndex = 0;
  return VALUE.test(template);
}

export function expandTemplate(template: string, labels: Labels, value: number | null = null): string {
  return template
    .replace(/\{\{\s*(?:\$labels|\.Labels)\.(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? "")
    .replace(VALUE, (_, pipe: string | undefined, fn: string | undefined) => (value === null ? "" : formatTemplateValue(value, (pipe ?? fn ?? "").trim())))
    .replace(/\{\{[^}]*\}\}/g, "")
    .replace(/\s{2,}/g, " ")
    .replace(/\s+([,.;)])/g, "$1")
    .trim();
}

/** Go's %.4g: four significant digits, no trailing zeros. */
const g4 = (v: number) => String(Number(v.toPrecision(4)));

/** Prometheus' template functions over a value, as its alert templates print it. */
export function formatTemplateValue(v: number, pipe: string): string {
  if (!Number.isFinite(v)) return String(v);
  const printf = /^printf\s+"%(?:\.(\d+))?([fdg])"$/.exec(pipe);
  if (printf) {
    if (printf[2] === "d") return String(Math.trunc(v));
    if (printf[2] === "g") return g4(v);
    return v.toFixed(printf[1] === undefined ? 6 : Number(printf[1]));
  }
  switch (pipe) {
    case "":
      return String(v);
    case "humanize":
      return humanize(v);
    case "humanizeDuration":
      return humanizeDuration(v);
    case "humanizePercentage":
      return `${g4(v * 100)}%`;
    default:
      return g4(v);
  }
}

function humanize(v: number): string {
  if (v === 0) return "0";
  const big = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"];
  const small = ["", "m", "u", "n", "p", "f", "a", "z", "y"];
  let x = v;
  let i = 0;
  if (Math.abs(x) >= 1) {
    for (; Math.abs(x) >= 1000 && i < big.length - 1; i++) x /= 1000;
    return `${g4(x)}${big[i]}`;
  }
  for (; Math.abs(x) < 1 && i < small.length - 1; i++) x *= 1000;
  return `${g4(x)}${small[i]}`;
}

/** Prometheus' humanizeDuration: 995ms, 2.485s, 1m 5s, 2h 3m 4s, 1d 0h 0m 0s. */
function humanizeDuration(v: number): string {
  const a = Math.abs(v);
  const sign = v < 0 ? "-" : "";
  if (a === 0) return "0s";
  if (a < 1) return a >= 0.001 ? `${sign}${g4(a * 1000)}ms` : `${sign}${g4(a * 1e6)}us`;
  if (a < 60) return `${sign}${g4(a)}s`;
  const d = Math.floor(a / 86400);
  const h = Math.floor((a % 86400) / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = Math.floor(a % 60);
  return sign + (d ? `${d}d ${h}h ${m}m ${s}s` : h ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`);
}

/**
 * The alert's value in an instant answer of its rule's query: the series whose identifying
 * labels are the alert's (the rule adds severity and team to what its query returns).
 */
export function bandValue(result: readonly { metric: Labels; value: [number, string] }[], alertLabels: Labels): number | null {
  const own = result.find((s) => alertMatchesSeries(alertLabels, s.metric)) ?? (result.length === 1 ? result[0] : undefined);
  const v = own ? Number(own.value[1]) : NaN;
  return Number.isFinite(v) ? v : null;
}
