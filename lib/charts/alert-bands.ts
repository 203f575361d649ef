import { alertMatchesSeries, type AlertInterval } from "@/lib/alerting/alert-intervals";
import type { Series } from "./matrix-to-series";

/** An alert interval drawn behind a panel's lines, and the series it concerns. */
export interface AlertBand {
  key: string;
  interval: AlertInterval;
  color: string;
  /** Names (legend) of the panel's series the alert concerns. */
  seriesNames: string[];
}

const SEVERITY_COLOR: Record<string, string> = { critical: "242, 73, 92", warning: "255, 152, 48", info: "87, 148, 242" };

export function bandColor(interval: AlertInterval): string {
  const rgb = SEVERITY_COLOR[interval.severity] ?? "142, 142, 142";
  return `rgba(${rgb}, ${interval.state === "firing" ? 0.22 : 0.1})`;
}

/**
 * The intervals that concern at least one of the panel's series. The same alert over
 * the same interval on many series (a node alert on its eight GPUs) is one band; firing
 * bands come first, then the most recent.
 */
export function alertBands(intervals: AlertInterval[], series: Series[]): AlertBand[] {
  const bands = new Map<string, AlertBand>();
  for (const interval of intervals) {
    const seriesNames = series.filter((s) => alertMatchesSeries(interval.labels, s.labels)).map((s) => s.name);
    if (seriesNames.length === 0) continue;
    const key = `${interval.alertname}|${interval.severity}|${interval.state}|${interval.fromMs}|${interval.toMs}`;
    const band = bands.get(key);
    if (band) band.seriesNames = [...new Set([...band.seriesNames, ...seriesNames])];
    else bands.set(key, { key, interval, color: bandColor(interval), seriesNames });
  }
  return [...bands.values()].sort(
    (a, b) => Number(b.interval.state === "firing") - Number(a.interval.state === "firing") || b.interval.toMs - a.interval.toMs,
  );
}
