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
