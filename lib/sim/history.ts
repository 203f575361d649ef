import type { LabelSpelling } from "../metrics/labels";
import { renderFacility, renderInference, renderScheduler } from "./exporters/cluster";
import { DCGM_FIELDS, renderDcgm } from "./exporters/dcgm";
import { renderNodeExporter } from "./exporters/node";
import type { FleetModel } from "./model";
import { serviceDiscovery, type SimJob } from "./server";
import { teamForNamespace } from "./teams";

/**
 * History for a new demo: the series that trend, capacity and forecast panels read,
 * rendered by the same exporters at each step and labelled as Prometheus would label
 * the scrape (target labels from discovery, `team` from `namespace`), as OpenMetrics
 * lines with timestamps for `promtool tsdb create-blocks-from openmetrics`.
 */
export const HISTORY_GPU_FIELDS = [
  "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE",
  "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_MEMORY_TEMP",
  // Health too: the overview's healthy and degraded counts have a past to be checked against.
  "DCGM_EXP_GPU_HEALTH_STATUS",
];
const NODE_FAMILIES = new Set(["node_filesystem_avail_bytes", "node_filesystem_size_bytes"]);
const CLUSTER_FAMILIES = new Set([
  "rack_coolant_supply_temperature_celsius", "rack_coolant_return_temperature_celsius", "rack_coolant_flow_liters_per_minute",
  "rack_coolant_pressure_kilopascals", "rack_inlet_air_temperature_celsius",
  "scheduler_allocatable_gpus", "scheduler_allocated_gpus", "scheduler_pending_jobs",
  "ml_model_accuracy", "ml_batch_queue_depth",
]);

export interface HistoryFamily {
  name: string;
  help: string;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/;
const NAMESPACE = /namespace="([^"]*)"/;

function targetLabels(model: FleetModel, job: SimJob): Map<string, string> {
  const map = new Map<string, string>();
  for (const t of serviceDiscovery(model, job, "sim")) {
    const { __metrics_path__: p, ...labels } = t.labels as Record<string, string>;
    const id = p!.split("/")[2]!;
    map.set(id, Object.entries({ ...labels, job }).map(([k, v]) => `${k}="${v}"`).join(","));
  }
  return map;
}

/** Appends target labels, `team` and the timestamp to each sample line of one scrape. */
function relabel(text: string, extra: string, tsSeconds: number, keep: (name: string) => boolean, emit: (family: string, line: string) => void) {
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = SAMPLE.exec(line);
    if (!m || !keep(m[1]!)) continue;
    const inner = m[2] ? m[2].slice(1, -1) : "";
    const namespace = NAMESPACE.exec(inner)?.[1];
    const team = namespace ? teamForNamespace(namespace) : undefined;
    const labels = [inner, extra, team ? `team="${team}"` : ""].filter(Boolean).join(",");
    emit(m[1]!, `${m[1]}{${labels}} ${m[3]} ${tsSeconds}`);
  }
}

/** Which history to write: by default every family above; a benchmark may ask for fewer. */
export interface HistoryOptions {
  gpuFields?: readonly string[];
  /** Only the GPU fields (no node, cluster or `up` families). */
  gpuOnly?: boolean;
  /** dcgm-exporter's label spelling (LABEL_SPELLINGS); released exporters' by default. */
  labels?: LabelSpelling;
  /**
   * Families besides the defaults, any the exporters render (a benchmark's window of the
   * SRE dashboard: its NVLink, InfiniBand and disk counters, which the rules read too).
   */
  families?: readonly string[];
}

/** Which GPU fields, and which node and cluster families, a history writes. */
function selection(opts: HistoryOptions) {
  const also = new Set(opts.families ?? []);
  const gpuFields = new Set([...(opts.gpuFields ?? HISTORY_GPU_FIELDS), ...also]);
  return {
    gpu: DCGM_FIELDS.filter((f) => gpuFields.has(f.name)),
    node: (n: string) => NODE_FAMILIES.has(n) || also.has(n),
    cluster: (n: string) => CLUSTER_FAMILIES.has(n) || also.has(n),
    others: [...NODE_FAMILIES, ...CLUSTER_FAMILIES, ...[...also].filter((n) => !DCGM_FIELDS.some((f) => f.name === n) && !NODE_FAMILIES.has(n) && !CLUSTER_FAMILIES.has(n) && n !== "up")],
  };
}

export function historyFamilies(opts: HistoryOptions = {}): HistoryFamily[] {
  const chosen = selection(opts);
  const gpu = chosen.gpu.map((f) => ({ name: f.name, help: f.help }));
  if (opts.gpuOnly) return gpu;
  return [
    ...gpu,
    ...chosen.others.map((name) => ({ name, help: name.replace(/_/g, " ") })),
    { name: "up", help: "Whether the target was scraped." },
  ];
}

/**
 * Walks the model from its current time to `toMs` in `stepMs` steps and emits every
 * history sample. `emit(family, line)` receives OpenMetrics lines (no headers).
 */
export function writeHistory(model: FleetModel, toMs: number, stepMs: number, emit: (family: string, line: string) => void, opts: HistoryOptions = {}): number {
  const chosen = selection(opts);
  const labels = Object.fromEntries((["dcgm", "node", "facility", "scheduler", "inference"] as const).map((j) => [j, targetLabels(model, j)]));
  let steps = 0;
  for (let t = model.tMs; t < toMs; t += stepMs) {
    model.advanceTo(t, stepMs);
    const ts = Math.floor(t / 1000);
    for (const node of model.fleet.nodes) {
      const dcgm = labels.dcgm!.get(node.hostname)!;
      relabel(renderDcgm(model, node, chosen.gpu, opts.labels), dcgm, ts, () => true, emit);
      if (opts.gpuOnly) continue;
      relabel(renderNodeExporter(model, node), labels.node!.get(node.hostname)!, ts, chosen.node, emit);
      emit("up", `up{${dcgm}} 1 ${ts}`);
    }
    for (const cluster of opts.gpuOnly ? [] : model.fleet.clusters) {
      relabel(renderFacility(model, cluster), labels.facility!.get(cluster)!, ts, chosen.cluster, emit);
      relabel(renderScheduler(model, cluster), labels.scheduler!.get(cluster)!, ts, chosen.cluster, emit);
      relabel(renderInference(model, cluster), labels.inference!.get(cluster)!, ts, chosen.cluster, emit);
    }
    steps++;
  }
  return steps;
}
