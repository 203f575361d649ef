import { LABEL_ALIASES } from "@/lib/metrics/labels";
import type { Labels, Matrix } from "@/lib/prom/schemas";

/**
 * When was an alert pending or firing? From the `ALERTS` series of a range query: runs
 * of consecutive samples (gaps of at most 1.5 steps) of one alert in one state become
 * intervals [from, to) in milliseconds.
 */
export interface AlertInterval {
  alertname: string;
  state: "pending" | "firing";
  severity: string;
  /** The alert's own labels (without __name__ and alertstate). */
  labels: Labels;
  fromMs: number;
  toMs: number;
}

export function alertIntervals(matrix: Matrix, stepSeconds: number): AlertInterval[] {
  const stepMs = stepSeconds * 1000;
  const out: AlertInterval[] = [];
  for (const series of matrix.result) {
    const { __name__: _name, alertstate, ...labels } = series.metric;
    if (alertstate !== "pending" && alertstate !== "firing") continue;
    let current: AlertInterval | null = null;
    for (const [t] of series.values) {
      const ms = Math.round(t * 1000);
      if (current && ms - (current.toMs - stepMs) <= stepMs * 1.5) {
        current.toMs = ms + stepMs;
        continue;
      }
      if (current) out.push(current);
      current = { alertname: labels.alertname ?? "", state: alertstate, severity: labels.severity ?? "none", labels, fromMs: ms, toMs: ms + stepMs };
    }
    if (current) out.push(current);
  }
  return out.sort((a, b) => a.fromMs - b.fromMs || a.alertname.localeCompare(b.alertname));
}

/** Labels that say which thing a series or an alert is about (dcgm, node, ML names). */
export const IDENTIFYING_LABELS: readonly string[] = [
  ...LABEL_ALIASES.host,
  "instance",
  "gpu",
  ...LABEL_ALIASES.uuid,
  ...LABEL_ALIASES.pod,
  "model_name",
  "job_name",
  "rack",
  "cluster",
];

/** Labels that name one node or one GPU on it: what a GPU alert's chart must share with it. */
const NODE_OR_GPU_LABELS: ReadonlySet<string> = new Set([...LABEL_ALIASES.host, "instance", "gpu", ...LABEL_ALIASES.uuid]);
const GPU_LABELS: readonly string[] = ["gpu", ...LABEL_ALIASES.uuid];

/**
 * Does an alert concern a series? They must share at least one identifying label other
 * than `cluster` (a cluster-wide alert does not belong on every GPU's line), and agree on
 * every identifying label they share. An alert about one GPU (it has `gpu` or a UUID) goes
 * only on that GPU's series and its node's: sharing a rack, a model or a job with a rack's
 * coolant chart does not make it that chart's alert.
 */
export function alertMatchesSeries(alert: Labels, series: Labels): boolean {
  const gpuAlert = GPU_LABELS.some((name) => alert[name] !== undefined);
  let sharedSpecific = false;
  for (const name of IDENTIFYING_LABELS) {
    const a = alert[name];
    const s = series[name];
    if (a === undefined || s === undefined) continue;
    if (a !== s) return false;
    if (name !== "cluster" && (!gpuAlert || NODE_OR_GPU_LABELS.has(name))) sharedSpecific = true;
  }
  return sharedSpecific;
}
