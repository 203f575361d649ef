import { z } from "zod";
import type { Matcher } from "@/lib/alerting/silences";
import { effectiveEnd, silenceState, type SilenceView } from "@/lib/silences/schema";

/**
 * Alertmanager's API v2 shapes for the console's own silences (pure), so amtool and
 * Grafana's Alertmanager datasource read the console as they read an Alertmanager:
 * `gettableSilence` as `GET /api/v2/silences` answers it, its `filter=` semantics, and its
 * order. The id is the console's: the one silence whatever the Alertmanagers call their
 * copies, and the one a later `silence expire <id>` names.
 */
export interface GettableSilence {
  id: string;
  status: { state: "active" | "pending" | "expired" };
  updatedAt: string;
  comment: string;
  createdBy: string;
  endsAt: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  startsAt: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function gettableSilence(s: SilenceView, nowMs: number): GettableSilence {
  return {
    id: s.id,
    status: { state: silenceState(s, nowMs) },
    updatedAt: iso(s.updatedAt),
    comment: s.comment,
    createdBy: s.createdBy,
    // Expired early: Alertmanager moves endsAt to when it was expired.
    endsAt: iso(effectiveEnd(s)),
    matchers: s.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual })),
    startsAt: iso(s.startsAt),
  };
}

/**
 * Alertmanager's `filter=` on silences (api/v2 `CheckSilenceMatchesFilterLabels`): every
 * filter is one of the silence's own matchers, the same name, operator and value as
 * written (`alertname=~"Gpu.*"` finds the silence made with that matcher; it does not
 * evaluate the regex against the silence).
 */
export function silenceMatchesFilters(matchers: Matcher[], filters: Matcher[]): boolean {
  return filters.every((f) => matchers.some((m) => m.name === f.name && m.value === f.value && m.isRegex === f.isRegex && m.isEqual === f.isEqual));
}

const RANK = { active: 0, pending: 1, expired: 2 } as const;

/** Alertmanager's order (api/v2 `SortSilences`): active by soonest end, then pending by soonest start, then expired by latest end. */
export function sortSilences(silences: GettableSilence[]): GettableSilence[] {
  return [...silences].sort((a, b) => {
    const ra = RANK[a.status.state];
    const rb = RANK[b.status.state];
    if (ra !== rb) return ra - rb;
    if (a.status.state === "active") return Date.parse(a.endsAt) - Date.parse(b.endsAt);
    if (a.status.state === "pending") return Date.parse(a.startsAt) - Date.parse(b.startsAt);
    return Date.parse(b.endsAt) - Date.parse(a.endsAt);
  });
}

/** An alert as Alertmanager's API v2 answers it: what the console reads, every other field passed on as it came. */
export const GettableAlertSchema = z.looseObject({
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  status: z.looseObject({ silencedBy: z.array(z.string()).nullish(), inhibitedBy: z.array(z.string()).nullish() }),
});
export type GettableAlert = z.infer<typeof GettableAlertSchema>;

/** `GET /api/v2/alerts/groups`: alerts grouped by the route's group_by, per receiver. */
export const AlertGroupSchema = z.looseObject({ labels: z.record(z.string(), z.string()), alerts: z.array(GettableAlertSchema) });
export type AlertGroup = z.infer<typeof AlertGroupSchema>;

/**
 * Several Alertmanagers' answers as one (an HA pair holds the same alerts): the first
 * copy of each fingerprint, in the order they came.
 */
export function mergeAlerts(answers: GettableAlert[][]): GettableAlert[] {
  const seen = new Set<string>();
  return answers.flat().filter((a) => !seen.has(a.fingerprint) && (seen.add(a.fingerprint), true));
}

/**
 * What a caller scoped to teams may read: alerts whose scope label is one of theirs (null:
 * everything), each naming the console's silences where Alertmanager names its own copy
 * (`consoleId` of Alertmanager's id; an id the console did not make stays as it is).
 */
export function scopeAmAlerts(alerts: GettableAlert[], scope: string[] | null, label: string, consoleId: (amId: string) => string | null): GettableAlert[] {
  return alerts
    .filter((a) => scope === null || scope.includes(a.labels[label] ?? ""))
    .map((a) => (a.status.silencedBy?.length ? { ...a, status: { ...a.status, silencedBy: a.status.silencedBy.map((id) => consoleId(id) ?? id) } } : a));
}

/** The same for groups: each group keeps only the caller's alerts, and a group left empty is not shown. */
export function scopeAlertGroups(groups: AlertGroup[], scope: string[] | null, label: string, consoleId: (amId: string) => string | null): AlertGroup[] {
  return groups.map((g) => ({ ...g, alerts: scopeAmAlerts(g.alerts, scope, label, consoleId) })).filter((g) => g.alerts.length > 0);
}

/** Every silence id an answer names (to look up the console's). */
export function silenceIdsOf(alerts: GettableAlert[]): string[] {
  return [...new Set(alerts.flatMap((a) => a.status.silencedBy ?? []))];
}

/**
 * The error statuses Alertmanager's swagger spec gives each endpoint: amtool's client shows
 * the message only of those (any other is "does not match any response statuses … {}").
 */
const DEFINED_ERRORS: Record<string, readonly number[]> = {
  "POST silences": [400, 404],
  "GET silence": [404, 500],
  "DELETE silence": [404, 500],
  "GET silences": [400, 500],
  "GET alerts": [400, 500],
  "GET alerts/groups": [400, 500],
};

/** A refusal in a status the endpoint defines: a client error as its 400 (or its 500 when it has no 400), a server one as its 500. */
export function definedStatus(endpoint: string, status: number): number {
  const defined = DEFINED_ERRORS[endpoint];
  if (!defined || defined.includes(status)) return status;
  if (status < 500 && defined.includes(400)) return 400;
  return defined.includes(500) ? 500 : status;
}
