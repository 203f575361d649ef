import type { HeatmapQuery } from "@/lib/heatmap/client";
import type { RangeQuery } from "@/lib/prom/client";
import type { SearchFilters } from "@/lib/runbooks/search";

/**
 * Every TanStack Query key of the browser, from one factory: a key is data (the whole
 * spec), so two panels asking the same aligned query share one request, one fetcher's
 * answers are never cached under two keys, and a refresh invalidates a prefix
 * (`queryKeys.prom.all`). The feature clients re-export their family (`promKeys`,
 * `alertKeys`, …).
 */
const prom = {
  all: ["prom"] as const,
  datasource: (datasource: string) => ["prom", datasource] as const,
  labelValues: (q: { datasource: string; label: string; match?: string }) => [...prom.datasource(q.datasource), "label_values", { label: q.label, match: q.match ?? null }] as const,
  instant: (q: { datasource: string; expr: string; time: number }) => [...prom.datasource(q.datasource), "query", { expr: q.expr, time: q.time }] as const,
  range: (q: RangeQuery) => [...prom.datasource(q.datasource), "query_range", { expr: q.expr, start: q.start, end: q.end, step: q.stepSeconds }] as const,
  /** A datasource's alerting rules (the dashboards' alert notes and the runbook's context read the same answer). */
  rules: (datasource: string) => [...prom.datasource(datasource), "rules"] as const,
  /** Nothing to ask yet (a query whose inputs are not ready). */
  none: ["prom", "none"] as const,
  /** When recording rules begin: outside `all`, so a refresh does not ask again (they move only with retention). */
  horizons: (datasource: string, names: readonly string[]) => ["prom-horizons", datasource, [...names]] as const,
};

export const queryKeys = {
  prom,
  datasources: ["datasources"] as const,
  heatmap: { all: ["heatmap"] as const, query: (q: HeatmapQuery) => ["heatmap", q.datasource, q] as const },
  alerts: { all: ["alerts"] as const, list: (filters: string[]) => ["alerts", filters] as const },
  /** Alertmanager's silences as the alert views read them. */
  alertmanagerSilences: { all: ["silences"] as const },
  /** The console's silences (PostgreSQL). */
  silences: {
    all: ["console-silences"] as const,
    preview: (q: object) => ["console-silences", "preview", q] as const,
    list: (q: object) => ["console-silences", "list", q] as const,
    one: (id: string) => ["console-silences", id] as const,
  },
  annotations: {
    all: ["annotations"] as const,
    range: (q: { from: number; to: number; dashboardId: string }) => ["annotations", q] as const,
  },
  runbooks: {
    search: (filters: SearchFilters) => ["runbooks", "search", filters] as const,
    one: (slug: string) => ["runbooks", "one", slug] as const,
    revisions: (slug: string) => ["runbooks", "revisions", slug] as const,
  },
  routing: { state: ["routing"] as const, preview: ["routing", "preview"] as const, versions: ["routing", "versions"] as const },
  access: { tokens: ["tokens"] as const, users: ["admin", "users"] as const, teams: ["admin", "teams"] as const, audit: (q: string) => ["audit", q] as const },
  prices: { all: ["gpu-prices"] as const },
  maintenance: { all: ["maintenance"] as const },
  exploreHistory: { all: ["explore-history"] as const },
  xidCodes: ["xid-codes"] as const,
};
