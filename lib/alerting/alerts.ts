import { z } from "zod";
import { labelsToString } from "@/lib/charts/matrix-to-series";
import { LabelsSchema, type Labels } from "@/lib/prom/schemas";
import { re2Error } from "./re2";
import { matcherMatches, type Matcher } from "./silences";

/**
 * The alerts page's data, pure: Alertmanager's alerts (API v2, from every member of an
 * HA cluster, merged by fingerprint) and Prometheus' pending ones, as one list; filters
 * written like Alertmanager's matchers (`team=ml`, `severity!=info`, `alertname=~Gpu.*`);
 * grouping by alert name, team or severity.
 */
export const AmAlertSchema = z.object({
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  status: z.object({
    state: z.enum(["active", "suppressed", "unprocessed"]),
    silencedBy: z.array(z.string()).nullish().transform((v) => v ?? []),
    inhibitedBy: z.array(z.string()).nullish().transform((v) => v ?? []),
  }),
  receivers: z.array(z.object({ name: z.string() })).default([]),
});
export type AmAlert = z.infer<typeof AmAlertSchema>;

export const PromAlertSchema = z.object({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  state: z.enum(["pending", "firing", "inactive"]),
  activeAt: z.string().optional(),
  value: z.string().optional(),
});
export type PromAlert = z.infer<typeof PromAlertSchema>;

export const ConsoleAlertSchema = z.object({
  key: z.string(),
  labels: LabelsSchema,
  annotations: z.record(z.string(), z.string()),
  /** Firing (Alertmanager has it) or pending (Prometheus waits for its `for`). */
  state: z.enum(["firing", "pending"]),
  since: z.number(),
  /** Silenced (Alertmanager silence ids) or inhibited (fingerprints of the alerts that inhibit it); null when it notifies. */
  suppressed: z.object({ silencedBy: z.array(z.string()), inhibitedBy: z.array(z.string()) }).nullable(),
  receivers: z.array(z.string()),
  /** Which Alertmanagers hold it (all of an HA cluster, normally). */
  alertmanagers: z.array(z.string()),
});
export type ConsoleAlert = z.infer<typeof ConsoleAlertSchema>;

/** One list: every Alertmanager's alerts once (by fingerprint), then the pending ones. */
export function mergeAlerts(perAlertmanager: { alertmanager: string; alerts: AmAlert[] }[], pending: PromAlert[]): ConsoleAlert[] {
  const byFingerprint = new Map<string, ConsoleAlert & { suppressedIn: number; seenIn: number }>();
  for (const { alertmanager, alerts } of perAlertmanager) {
    for (const a of alerts) {
      const seen = byFingerprint.get(a.fingerprint);
      const suppressed = a.status.state === "suppressed";
      if (!seen) {
        byFingerprint.set(a.fingerprint, {
          key: a.fingerprint,
          labels: a.labels,
          annotations: a.annotations,
          state: "firing",
          since: Date.parse(a.startsAt),
          suppressed: suppressed ? { silencedBy: [...a.status.silencedBy], inhibitedBy: [...a.status.inhibitedBy] } : null,
          receivers: a.receivers.map((r) => r.name),
          alertmanagers: [alertmanager],
          suppressedIn: suppressed ? 1 : 0,
          seenIn: 1,
        });
        continue;
      }
      seen.alertmanagers.push(alertmanager);
      seen.seenIn++;
      seen.since = Math.min(seen.since, Date.parse(a.startsAt));
      seen.receivers = [...new Set([...seen.receivers, ...a.receivers.map((r) => r.name)])];
      if (suppressed) {
        seen.suppressedIn++;
        seen.suppressed = {
          silencedBy: [...new Set([...(seen.suppressed?.silencedBy ?? []), ...a.status.silencedBy])],
          inhibitedBy: [...new Set([...(seen.suppressed?.inhibitedBy ?? []), ...a.status.inhibitedBy])],
        };
      }
    }
  }
  // Suppressed only where every member agrees: one member that would notify means it notifies.
  const firing: ConsoleAlert[] = [...byFingerprint.values()].map(({ suppressedIn, seenIn, ...a }) => ({ ...a, suppressed: suppressedIn === seenIn ? a.suppressed : null }));
  const firingKeys = new Set(firing.map((a) => labelsToString(a.labels)));
  const waiting: ConsoleAlert[] = pending
    .filter((p) => p.state === "pending")
    .map((p) => ({ key: `pending:${labelsToString(p.labels)}`, labels: p.labels, annotations: p.annotations, state: "pending" as const, since: p.activeAt ? Date.parse(p.activeAt) : Date.now(), suppressed: null, receivers: [], alertmanagers: [] }))
    .filter((p) => !firingKeys.has(labelsToString(p.labels)));
  return [...firing, ...waiting];
}

/** `team=ml`, `severity!=info`, `alertname=~Gpu.*`, `Hostname!~eu-.*` (quotes optional). */
export function parseFilter(text: string): Matcher {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a filter: write label=value, label!=value, label=~regex or label!~regex`);
  const [, name, op, raw] = m;
  // Quoted as Alertmanager writes it ("…" with escapes), or bare.
  let value = raw!;
  const quoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"');
  // `team=inference severity=critical`: a second label without its comma. Read as one value
  // it would match (or route) on half of what was typed; refused, with where it starts.
  const next = quoted ? null : /\s+[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)/.exec(value);
  if (next) {
    const at = text.indexOf(value) + next.index + next[0].length - next[0].trimStart().length + 1;
    throw new Error(`"${text}": another label starts at character ${at} without a comma before it (write "${name}${op}${value.slice(0, next.index)}, ${value.slice(next.index).trim()}"; a value with spaces goes in quotes)`);
  }
  if (quoted) {
    try {
      value = JSON.parse(value) as string;
    } catch {
      value = value.slice(1, -1);
    }
  }
  const matcher = { name: name!, value, isRegex: op === "=~" || op === "!~", isEqual: op === "=" || op === "=~" };
  if (matcher.isRegex) {
    const fault = re2Error(matcher.value);
    if (fault) throw new Error(`"${text}": not a valid regular expression (${fault})`);
  }
  return matcher;
}

export function filterAlerts<A extends ConsoleAlert>(alerts: A[], filters: Matcher[]): A[] {
  return alerts.filter((a) => filters.every((f) => matcherMatches(f, a.labels)));
}

export const GROUP_BY = ["alertname", "team", "severity"] as const;
export type GroupBy = (typeof GROUP_BY)[number];
const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

export interface AlertGroup<A extends ConsoleAlert = ConsoleAlert> {
  key: string;
  alerts: A[];
  firing: number;
  pending: number;
  suppressed: number;
  /** The most severe severity in the group. */
  severity: string;
}

/** Groups by a label; within a group firing before pending, then newest first; groups most severe and largest first. */
export function groupAlerts<A extends ConsoleAlert>(alerts: A[], by: GroupBy): AlertGroup<A>[] {
  const groups = new Map<string, A[]>();
  for (const a of alerts) {
    const key = a.labels[by] ?? "(none)";
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const rank = (s: string) => SEVERITY_RANK[s] ?? 3;
  return [...groups]
    .map(([key, list]) => {
      const sorted = [...list].sort((x, y) => Number(x.state === "pending") - Number(y.state === "pending") || Number(x.suppressed !== null) - Number(y.suppressed !== null) || y.since - x.since);
      const severity = list.map((a) => a.labels.severity ?? "none").sort((x, y) => rank(x) - rank(y))[0] ?? "none";
      return {
        key,
        alerts: sorted,
        firing: list.filter((a) => a.state === "firing" && !a.suppressed).length,
        pending: list.filter((a) => a.state === "pending").length,
        suppressed: list.filter((a) => a.suppressed).length,
        severity,
      };
    })
    .sort((x, y) => rank(x.severity) - rank(y.severity) || y.firing - x.firing || y.alerts.length - x.alerts.length || x.key.localeCompare(y.key));
}

/** A developer sees their teams' alerts. */
export function scopeAlerts<A extends ConsoleAlert>(alerts: A[], scope: string[] | null, label: string): A[] {
  return scope === null ? alerts : alerts.filter((a) => scope.includes(a.labels[label] ?? ""));
}

/** Labels every alert of a group shares (shown once on the group, not on each alert). */
export function commonLabels(alerts: { labels: Labels }[]): Labels {
  if (alerts.length === 0) return {};
  const [first, ...rest] = alerts;
  return Object.fromEntries(Object.entries(first!.labels).filter(([k, v]) => rest.every((a) => a.labels[k] === v)));
}

/** How long since a moment, as the alert lists say it: "12 min", "3 h", "2 d". */
export function durationSince(ms: number, nowMs: number): string {
  const m = Math.max(0, (nowMs - ms) / 60_000);
  return m < 90 ? `${Math.round(m)} min` : m < 2880 ? `${Math.round(m / 60)} h` : `${Math.round(m / 1440)} d`;
}
