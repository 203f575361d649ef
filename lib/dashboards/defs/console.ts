import type { DashboardDefInput } from "../types";

/** The console's own series, as Prometheus scrapes them (job "console", deploy/prometheus/prometheus.yml). */
const C = 'job="console"';

/**
 * The console watching itself (meta-monitoring): how well its cache serves the dashboards,
 * how its datasources answer, what its proxy refuses, whether its silences reach
 * Alertmanager, its maintenance passes and sign-ins. Read from the console's /api/metrics
 * as Prometheus scraped it (lib/metrics/console.ts); the alerts of group `console` in
 * deploy/prometheus/rules/alerts.yml read the same series. For SREs and admins.
 */
export const CONSOLE_DASHBOARD = {
  id: "console",
  title: "Console — its own health",
  time: { from: "now-1h", to: "now" },
  panelMinWidth: 440,
  panelHeight: 240,
  variables: [],
  panels: [
    {
      kind: "stat",
      id: "cache-hit-ratio",
      title: "Cache hit ratio",
      description: "Share of the proxy's cache lookups answered from the cache (console_prom_cache_requests_total) over 5 minutes, every replica together.",
      // No hit yet is 0 %, not "no data".
      queries: [{ expr: `100 * (sum(rate(console_prom_cache_requests_total{${C}, result="hit"}[5m])) or vector(0)) / sum(rate(console_prom_cache_requests_total{${C}}[5m]))` }],
      unit: "percent",
      baseColor: "#73bf69",
    },
    {
      kind: "stat",
      id: "silence-sync-lag",
      title: "Silence sync lag",
      description: "How long since the silence sync last reached each Alertmanager (console_silence_sync_last_success_timestamp_seconds), the worst of them. A pass runs every 30 s.",
      queries: [{ expr: `max(time() - console_silence_sync_last_success_timestamp_seconds{${C}})` }],
      unit: "seconds",
      baseColor: "#8ab8ff",
      thresholds: [{ value: 120, color: "#f2495c" }],
    },
    {
      kind: "stat",
      id: "alertmanagers-reached",
      title: "Alertmanagers reached",
      description: "Alertmanagers the last silence sync pass reached (console_alertmanager_up); ConsoleAlertmanagerUnreachable fires when one stays at 0 for 5 minutes.",
      queries: [{ expr: `sum(max by (alertmanager) (console_alertmanager_up{${C}}))` }],
      unit: "none",
      baseColor: "#8ab8ff",
    },
    {
      kind: "timeseries",
      id: "upstream-latency",
      title: "Upstream latency p99, per datasource",
      description: "99th percentile of the console's calls to each datasource (console_prom_upstream_duration_seconds), over 5 minutes.",
      queries: [{ expr: `histogram_quantile(0.99, sum by (datasource, le) (rate(console_prom_upstream_duration_seconds_bucket{${C}}[5m])))`, histogram: "console_prom_upstream_duration_seconds", legend: "{{datasource}}" }],
      unit: "seconds",
      min: 0,
      alertBands: false,
    },
    {
      kind: "timeseries",
      id: "upstream-calls",
      title: "Upstream calls per datasource, by status",
      description: "The console's calls to its datasources per second by HTTP status (console_prom_upstream_calls_total): 503 is unreachable or timed out, 502 an answer that was not Prometheus JSON. ConsoleDatasourceUnreachable fires above half failing for 5 minutes.",
      queries: [{ expr: `sum by (datasource, code) (rate(console_prom_upstream_calls_total{${C}}[5m]))`, legend: "{{datasource}} {{code}}" }],
      unit: "ops_per_second",
      min: 0,
      alertBands: false,
    },
    {
      kind: "timeseries",
      id: "proxy-refusals",
      title: "Proxy refusals, by reason",
      description: "Queries the proxy's cost limits refused per second (console_prom_refusals_total): step, subquery step, samples, a caller's concurrency. 0 when nothing was refused.",
      queries: [{ expr: `sum by (reason) (rate(console_prom_refusals_total{${C}}[5m])) or label_replace(vector(0), "reason", "none", "", "")`, legend: "{{reason}}" }],
      unit: "ops_per_second",
      min: 0,
      alertBands: false,
    },
    {
      kind: "timeseries",
      id: "silence-sync-passes",
      title: "Silence sync passes, by result",
      description: "Passes of the silence sync per Alertmanager (console_silence_sync_passes_total) in 5 minutes: ok, or error when that Alertmanager failed (its silences stay pending in PostgreSQL).",
      queries: [{ expr: `sum by (alertmanager, result) (increase(console_silence_sync_passes_total{${C}}[5m]))`, legend: "{{result}} {{alertmanager}}" }],
      unit: "none",
      min: 0,
      alertBands: false,
    },
    {
      kind: "timeseries",
      id: "maintenance-passes",
      title: "Maintenance-window passes, by result",
      description: "Passes that turn the maintenance windows' occurrences into silences (console_maintenance_passes_total) in 5 minutes: ok, partial (some occurrence failed), error.",
      queries: [{ expr: `sum by (result) (increase(console_maintenance_passes_total{${C}}[5m]))`, legend: "{{result}}" }],
      unit: "none",
      min: 0,
      alertBands: false,
    },
    {
      kind: "timeseries",
      id: "sign-ins",
      title: "Sign-ins, by method and result",
      description: "Sign-in attempts (console_sign_ins_total) in 5 minutes, by method (password, sso) and result: a rise of failures is guessing or a broken identity provider.",
      queries: [{ expr: `sum by (method, result) (increase(console_sign_ins_total{${C}}[5m]))`, legend: "{{method}} {{result}}" }],
      unit: "none",
      min: 0,
      alertBands: false,
    },
    {
      kind: "timeseries",
      id: "proxy-requests",
      title: "Proxy requests, by status",
      description: "Requests to the console's PromQL proxy per second (console_prom_requests_total) by status code.",
      queries: [{ expr: `sum by (code) (rate(console_prom_requests_total{${C}}[5m]))`, legend: "{{code}}" }],
      unit: "ops_per_second",
      min: 0,
      alertBands: false,
    },
  ],
} as const satisfies DashboardDefInput;
