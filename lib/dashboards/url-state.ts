import { parseTime, TimeRangeError } from "./time-range";

/**
 * A dashboard's view in the URL, with Grafana's names so links and habits carry over:
 * `?from=now-6h&to=now&refresh=30s&var-cluster=a&var-node=n1&var-node=n2`.
 */
export const REFRESH_INTERVALS = ["off", "10s", "30s", "1m", "5m"] as const;
export type Refresh = (typeof REFRESH_INTERVALS)[number];

export const QUICK_RANGES = [
  { from: "now-5m", label: "Last 5 minutes" },
  { from: "now-15m", label: "Last 15 minutes" },
  { from: "now-1h", label: "Last 1 hour" },
  { from: "now-6h", label: "Last 6 hours" },
  { from: "now-24h", label: "Last 24 hours" },
  { from: "now-7d", label: "Last 7 days" },
  { from: "now-30d", label: "Last 30 days" },
] as const;

/** Grafana's `timezone`: the browser's own, or UTC. */
export const TIME_ZONES = ["browser", "utc"] as const;
export type TimeZone = (typeof TIME_ZONES)[number];

export interface ViewState {
  from: string;
  to: string;
  refresh: Refresh;
  timezone: TimeZone;
  vars: Record<string, string[]>;
}

export function parseViewState(params: URLSearchParams, defaults: { from: string; to: string }): ViewState {
  const refresh = params.get("refresh");
  const vars: Record<string, string[]> = {};
  for (const [key, value] of params) {
    if (!key.startsWith("var-") || key.length === 4) continue;
    (vars[key.slice(4)] ??= []).push(value);
  }
  return {
    from: params.get("from") || defaults.from,
    to: params.get("to") || defaults.to,
    refresh: (REFRESH_INTERVALS as readonly string[]).includes(refresh ?? "") ? (refresh as Refresh) : "off",
    timezone: params.get("timezone") === "utc" ? "utc" : "browser",
    vars,
  };
}

/** Back to the URL, in a stable order; `refresh=off`, the browser's zone and empty variables are left out. */
export function viewStateToParams(state: ViewState): URLSearchParams {
  const params = new URLSearchParams({ from: state.from, to: state.to });
  if (state.refresh !== "off") params.set("refresh", state.refresh);
  if (state.timezone !== "browser") params.set("timezone", state.timezone);
  for (const name of Object.keys(state.vars).sort()) for (const v of state.vars[name]!) params.append(`var-${name}`, v);
  return params;
}

export function refreshMs(refresh: Refresh): number | null {
  return { off: null, "10s": 10_000, "30s": 30_000, "1m": 60_000, "5m": 300_000 }[refresh];
}

/** The window moved back (-1) or forward (+1) by its own length, as absolute times (epoch ms). */
export function shiftRange(from: string, to: string, nowMs: number, direction: -1 | 1): { from: string; to: string } {
  const start = parseTime(from, nowMs) * 1000;
  const end = parseTime(to, nowMs) * 1000;
  if (end <= start) throw new TimeRangeError(`"from" (${from}) must be before "to" (${to})`);
  const span = end - start;
  return { from: String(start + direction * span), to: String(end + direction * span) };
}
