/**
 * What cannot be scoped by rewriting a query is filtered after the answer (pure):
 * alerts and rules by the scope label of their labels, metadata by the metric names
 * the team's series have.
 */
type Labels = Record<string, string>;

interface Alert {
  labels: Labels;
}

interface Rule {
  type: "alerting" | "recording";
  labels?: Labels;
  alerts?: Alert[];
}

interface RuleGroup {
  rules: Rule[];
}

export function filterAlerts(data: { alerts?: Alert[] }, label: string, values: readonly string[]): { alerts: Alert[] } {
  return { ...data, alerts: (data.alerts ?? []).filter((a) => values.includes(a.labels?.[label] ?? "")) };
}

/**
 * An alerting rule stays when its own labels name one of the teams or when it has
 * alerts of one of them (and then shows only those); a recording rule stays when its
 * labels name one of the teams.
 */
export function filterRules(data: { groups?: RuleGroup[] }, label: string, values: readonly string[]): { groups: RuleGroup[] } {
  const inScope = (labels?: Labels) => values.includes(labels?.[label] ?? "");
  const groups = (data.groups ?? [])
    .map((g) => ({
      ...g,
      rules: g.rules
        .map((r) => (r.type === "alerting" ? { ...r, alerts: (r.alerts ?? []).filter((a) => inScope(a.labels)) } : r))
        .filter((r) => inScope(r.labels) || (r.type === "alerting" && (r.alerts ?? []).length > 0)),
    }))
    .filter((g) => g.rules.length > 0);
  return { ...data, groups };
}

export function filterMetadata(data: Record<string, unknown>, allowed: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([name]) => allowed.has(name)));
}
