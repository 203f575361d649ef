import type { DashboardDefInput } from "../types";
import { gpuHoursByTeam, inferenceLatency } from "./raw";

/** Each model's latency objective now (one per model, in the rules, read by InferenceLatencyHigh too), held against every step of the day. */
const UNDER_OBJECTIVE = "on (model_name) group_left () (ml:inference_latency_p99:objective @ end())";

/**
 * The executive overview: large, calm, one screen at 1440 × 900. Every number links to
 * the page that explains it.
 */
export const OVERVIEW_DASHBOARD = {
  id: "overview",
  title: "GPU fleet overview",
  time: { from: "now-24h", to: "now" },
  panelMinWidth: 260,
  panelHeight: 230,
  variables: [],
  panels: [
    {
      kind: "stat",
      id: "gpus-total",
      // "Now" numbers: the last hour is enough for the value and its sparkline (and has points on a young Prometheus).
      timeFrom: "1h",
      title: "GPUs",
      description: "GPUs reporting now (dcgm-exporter).",
      queries: [{ expr: "sum(fleet:gpus:count)", raw: "count(max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_UTIL))" }],
      unit: "none",
      baseColor: "#8ab8ff",
      links: [{ title: "Capacity", url: "/capacity?${__url_time_range}" }],
    },
    {
      kind: "stat",
      id: "gpus-healthy",
      // "Now" numbers: the last hour is enough for the value and its sparkline (and has points on a young Prometheus).
      timeFrom: "1h",
      title: "Healthy GPUs",
      description: "GPUs whose DCGM health status is 0 (healthy).",
      queries: [{ expr: "sum(fleet:gpus_healthy:count)", raw: "count(max by (cluster, $__host, gpu) (DCGM_EXP_GPU_HEALTH_STATUS) == 0) or 0 * count(DCGM_EXP_GPU_HEALTH_STATUS)" }],
      unit: "none",
      baseColor: "#73bf69",
      links: [{ title: "SRE dashboard", url: "/sre?${__url_time_range}" }],
    },
    {
      kind: "stat",
      id: "gpus-degraded",
      // "Now" numbers: the last hour is enough for the value and its sparkline (and has points on a young Prometheus).
      timeFrom: "1h",
      title: "Degraded GPUs",
      description: "GPUs whose DCGM health status is not 0: warnings or failures the SREs are on.",
      queries: [{ expr: "sum(fleet:gpus_degraded:count)", raw: "count(max by (cluster, $__host, gpu) (DCGM_EXP_GPU_HEALTH_STATUS) != 0) or 0 * count(DCGM_EXP_GPU_HEALTH_STATUS)" }],
      unit: "none",
      baseColor: "#73bf69",
      thresholds: [{ value: 1, color: "#ff9830" }, { value: 8, color: "#f2495c" }],
      links: [{ title: "SRE dashboard", url: "/sre?${__url_time_range}" }],
    },
    {
      kind: "stat",
      id: "critical-alerts",
      // "Now" numbers: the last hour is enough for the value and its sparkline (and has points on a young Prometheus).
      timeFrom: "1h",
      title: "Critical alerts firing",
      description: "Alerts with severity critical firing now (Prometheus' ALERTS).",
      queries: [{ expr: 'count(ALERTS{alertstate="firing", severity="critical"}) or vector(0)' }],
      unit: "none",
      baseColor: "#73bf69",
      thresholds: [{ value: 1, color: "#f2495c" }],
      sparkline: false,
      links: [{ title: "SRE dashboard", url: "/sre?${__url_time_range}" }],
    },
    {
      kind: "gauge",
      id: "fleet-utilization",
      // "Now" numbers: the last hour is enough for the value and its sparkline (and has points on a young Prometheus).
      timeFrom: "1h",
      title: "Fleet utilization",
      description: "Mean GPU utilization now; 70 % is the line the fleet is planned around.",
      queries: [{ expr: "fleet:gpu_utilization:avg", raw: "avg(DCGM_FI_DEV_GPU_UTIL)" }],
      unit: "percent",
      baseColor: "#f2495c",
      thresholds: [{ value: 50, color: "#ff9830" }, { value: 70, color: "#73bf69" }],
      links: [{ title: "Capacity", url: "/capacity?${__url_time_range}" }],
    },
    {
      kind: "cost",
      id: "idle-cost",
      timeFrom: "1h",
      title: "Idle allocated GPUs",
      description:
        "GPUs held by a job (they carry a pod) that averaged under 10 % utilization over the last hour, priced per GPU-hour by model from the admins' price table: what the fleet pays for GPUs that do nothing.",
      queries: [{ expr: "sum by (modelName) (model:gpus_idle_allocated:count)", raw: 'count by (modelName) (avg_over_time(DCGM_FI_DEV_GPU_UTIL{$__pod!=""}[1h]) < 10) or 0 * count by (modelName) (DCGM_FI_DEV_GPU_UTIL)' }],
      noun: "idle allocated GPUs",
      baseColor: "#73bf69",
      thresholds: [{ value: 1, color: "#ff9830" }, { value: 10000, color: "#f2495c" }],
      links: [{ title: "Capacity", url: "/capacity?${__url_time_range}" }],
    },
    {
      kind: "cost",
      id: "unallocated-cost",
      timeFrom: "1h",
      title: "Unallocated GPUs",
      description:
        "GPUs no job holds now (no pod on them), priced per GPU-hour by model: capacity paid for and not given out. Shown apart from idle allocated GPUs, which a team holds and does not use.",
      queries: [{ expr: "sum by (modelName) (model:gpus_unallocated:count)", raw: 'count by (modelName) (max by (cluster, $__host, gpu, modelName) (DCGM_FI_DEV_GPU_UTIL{$__pod=""})) or 0 * count by (modelName) (DCGM_FI_DEV_GPU_UTIL)' }],
      noun: "unallocated GPUs",
      baseColor: "#8ab8ff",
      links: [{ title: "Capacity", url: "/capacity?${__url_time_range}" }],
    },
    {
      kind: "stat",
      id: "metric-availability",
      // "Now" numbers: the last hour is enough for the value and its sparkline (and has points on a young Prometheus).
      timeFrom: "1h",
      title: "Metric availability",
      description: "Share of scrape targets up over the window: how much of the fleet the console can see.",
      queries: [{ expr: "100 * avg(up)" }],
      unit: "percent",
      reduce: "mean",
      baseColor: "#f2495c",
      thresholds: [{ value: 95, color: "#ff9830" }, { value: 99, color: "#73bf69" }],
      links: [{ title: "SRE dashboard", url: "/sre?${__url_time_range}" }],
    },
    {
      kind: "stat",
      id: "slo-attainment",
      title: "Inference SLO attainment",
      description:
        "Share of the last 24 h in which each served model's p99 latency stayed under its objective (ml:inference_latency_p99:objective, 1 s unless set otherwise: the line InferenceLatencyHigh warns at), averaged over models.",
      queries: [{ expr: `100 * avg(avg_over_time((ml:inference_latency_p99:5m < bool ${UNDER_OBJECTIVE})[1d:1m]))`, raw: `100 * avg(avg_over_time((${inferenceLatency(0.99)} < bool ${UNDER_OBJECTIVE})[1d:1m]))` }],
      unit: "percent",
      baseColor: "#f2495c",
      thresholds: [{ value: 99, color: "#ff9830" }, { value: 99.9, color: "#73bf69" }],
      sparkline: false,
      // The query holds its own 24 h window; the panel only needs the latest value.
      timeFrom: "1h",
      links: [{ title: "Inference latency (developer dashboard)", url: "/developer?${__url_time_range}" }],
    },
    {
      kind: "bar",
      id: "gpu-hours-by-team",
      title: "GPU-hours by team, last 7 days",
      description: "GPUs each team held (team:gpus_allocated:count), minute by minute over the last week, in GPU-hours.",
      queries: [{ expr: "sum by (team) (sum_over_time(team:gpus_allocated:count[7d:1m])) / 60", raw: gpuHoursByTeam("7d"), legend: "{{team}}" }],
      unit: "none",
      baseColor: "#8ab8ff",
      links: [{ title: "Capacity", url: "/capacity?${__url_time_range}" }],
    },
    {
      kind: "timeseries",
      id: "utilization-trend",
      title: "Fleet utilization, last 30 days",
      description: "Mean DCGM_FI_DEV_GPU_UTIL of the fleet against the 70 % line.",
      wide: true,
      timeFrom: "30d",
      queries: [{ expr: "fleet:gpu_utilization:avg", raw: "avg(DCGM_FI_DEV_GPU_UTIL)", legend: "fleet" }],
      unit: "percent",
      min: 0,
      max: 100,
      thresholds: [{ value: 70, color: "#f2cc0c" }],
      alertBands: false,
      minStepSeconds: 3600,
    },
  ],
} satisfies DashboardDefInput;
