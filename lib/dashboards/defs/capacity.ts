import type { DashboardDefInput } from "../types";
import { allocatedByTeam, gpuHoursByTeam, idleAllocated, rackPower, rackPowerLimit } from "./raw";

const CLUSTER = 'cluster=~"$cluster"';

/** The GPUs the variables select, as label matchers. */
const GPUS = 'cluster=~"$cluster", modelName=~"$model"';

/** Capacity: how full the fleet is, where it is heading, who uses it, and what is left. */
export const CAPACITY_DASHBOARD = {
  id: "capacity",
  title: "Capacity",
  time: { from: "now-7d", to: "now" },
  variables: [
    { name: "datasource", label: "Datasource", kind: "datasource", multi: false, includeAll: false },
    { name: "cluster", label: "Cluster", labelName: "cluster", match: "DCGM_FI_DEV_GPU_UTIL", multi: false, includeAll: true },
    { name: "model", label: "GPU model", labelName: "modelName", match: 'DCGM_FI_DEV_GPU_UTIL{cluster=~"$cluster"}', multi: true, includeAll: true },
  ],
  panels: [
    {
      kind: "stat",
      id: "gpus-total",
      title: "GPUs",
      description: "GPUs reporting (dcgm-exporter), in the chosen clusters and models.",
      datasource: "$datasource",
      queries: [{ expr: `sum(node_model:gpus:count{${GPUS}})`, raw: `count(max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_UTIL{${GPUS}}))` }],
      unit: "none",
      baseColor: "#8ab8ff",
    },
    {
      kind: "stat",
      id: "gpus-free",
      title: "Free GPUs",
      description: "GPUs no workload holds (no pod on them): the headroom for new jobs.",
      datasource: "$datasource",
      queries: [{ expr: `sum(node_model:gpus_unallocated:count{${GPUS}}) or vector(0)`, raw: `count(max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_UTIL{${GPUS}, $__pod=""})) or vector(0)` }],
      unit: "none",
      baseColor: "#f2495c",
      thresholds: [
        { value: 8, color: "#ff9830" },
        { value: 32, color: "#73bf69" },
      ],
    },
    {
      kind: "stat",
      id: "gpus-idle-allocated",
      title: "Allocated but idle",
      description: "GPUs held by a workload whose utilization averaged under 10 % over the last hour: paid for, not used.",
      datasource: "$datasource",
      queries: [{ expr: 'sum(cluster:gpus_idle_allocated:count{cluster=~"$cluster"}) or vector(0)', raw: `sum(${idleAllocated(CLUSTER)}) or vector(0)` }],
      unit: "none",
      baseColor: "#73bf69",
      thresholds: [
        { value: 1, color: "#ff9830" },
        { value: 16, color: "#f2495c" },
      ],
    },
    {
      kind: "gauge",
      id: "fleet-utilization",
      title: "Fleet GPU utilization",
      description: "Mean DCGM_FI_DEV_GPU_UTIL now, against the 70 % target.",
      datasource: "$datasource",
      // The mean over the selected GPUs' series: the sum of their per-node sums over the count of their series.
      queries: [{ expr: `sum(node_model:gpu_utilization:sum{${GPUS}}) / sum(node_model:gpu_utilization_series:count{${GPUS}})`, raw: `avg(DCGM_FI_DEV_GPU_UTIL{${GPUS}})` }],
      unit: "percent",
      baseColor: "#f2495c",
      thresholds: [
        { value: 50, color: "#ff9830" },
        { value: 70, color: "#73bf69" },
      ],
    },
    {
      kind: "timeseries",
      id: "utilization-percentiles",
      title: "Utilization distribution across GPUs",
      description: "Percentiles of DCGM_FI_DEV_GPU_UTIL over the GPUs at each step: p10 low means a tail of idle GPUs, p90 high means hot spots.",
      datasource: "$datasource",
      queries: [
        { expr: `quantile(0.1, DCGM_FI_DEV_GPU_UTIL{${GPUS}})`, legend: "p10" },
        { expr: `quantile(0.5, DCGM_FI_DEV_GPU_UTIL{${GPUS}})`, legend: "p50" },
        { expr: `quantile(0.9, DCGM_FI_DEV_GPU_UTIL{${GPUS}})`, legend: "p90" },
      ],
      unit: "percent",
      min: 0,
      max: 100,
      thresholds: [{ value: 70, color: "#f2cc0c" }],
      alertBands: false,
    },
    {
      kind: "timeseries",
      id: "utilization-by-cluster-model",
      title: "Utilization by cluster and GPU model",
      datasource: "$datasource",
      queries: [
        {
          expr: `sum by (cluster, modelName) (node_model:gpu_utilization:sum{${GPUS}}) / sum by (cluster, modelName) (node_model:gpu_utilization_series:count{${GPUS}})`,
          raw: `avg by (cluster, modelName) (DCGM_FI_DEV_GPU_UTIL{${GPUS}})`,
          legend: "{{cluster}} {{modelName}}",
        },
      ],
      unit: "percent",
      min: 0,
      max: 100,
      thresholds: [{ value: 70, color: "#f2cc0c" }],
      alertBands: false,
    },
    {
      kind: "timeseries",
      id: "demand-forecast",
      title: "GPU demand, with its forecast",
      description: "GPUs held by workloads, stacked by team, with the least-squares trend a quarter of the range ahead (Show/Hide forecast in the menu).",
      datasource: "$datasource",
      queries: [{ expr: 'sum by (team) (team:gpus_allocated:count{cluster=~"$cluster"})', raw: `sum by (team) (${allocatedByTeam(CLUSTER)})`, legend: "{{team}}" }],
      unit: "none",
      min: 0,
      forecast: true,
      alertBands: false,
    },
    {
      kind: "timeseries",
      id: "memory-forecast",
      title: "GPU memory in use, with its forecast",
      description: "Share of framebuffer memory in use across the GPUs (DCGM_FI_DEV_FB_USED ÷ used + free).",
      datasource: "$datasource",
      queries: [
        {
          expr: `100 * sum(node_model:gpu_memory_used:sum{${GPUS}}) / sum(node_model:gpu_memory_total:sum{${GPUS}})`,
          raw: `100 * sum(DCGM_FI_DEV_FB_USED{${GPUS}}) / sum(DCGM_FI_DEV_FB_USED{${GPUS}} + DCGM_FI_DEV_FB_FREE{${GPUS}})`,
          legend: "memory in use",
        },
      ],
      unit: "percent",
      min: 0,
      max: 100,
      forecast: true,
      alertBands: false,
    },
    {
      kind: "timeseries",
      id: "storage-forecast",
      title: "Node storage in use, with its forecast",
      description: "node_filesystem: 1 − available ÷ size, over the nodes' filesystems.",
      datasource: "$datasource",
      queries: [
        { expr: '100 * (1 - sum(node_filesystem_avail_bytes{cluster=~"$cluster"}) / sum(node_filesystem_size_bytes{cluster=~"$cluster"}))', legend: "storage in use" },
      ],
      unit: "percent",
      min: 0,
      max: 100,
      forecast: true,
      alertBands: false,
    },
    {
      kind: "table",
      id: "team-usage",
      title: "GPUs, GPU-hours and idle share by team",
      description:
        "GPUs each team holds now, how busy it keeps them, the GPU-hours it held over the last hour and week, and its idle share: the part of its GPUs that averaged under 10 % over the last hour (paid for, doing nothing).",
      datasource: "$datasource",
      queries: [
        { expr: 'sum by (team) (team:gpus_allocated:count{cluster=~"$cluster"})', raw: `sum by (team) (${allocatedByTeam(CLUSTER)})`, header: "GPUs held", unit: "none" },
        // A mean as a ratio of sums (composes over clusters and shards); over the clusters selected, as the other columns.
        {
          expr: 'sum by (team) (team:gpu_utilization:sum{cluster=~"$cluster"}) / sum by (team) (team:gpu_utilization_series:count{cluster=~"$cluster"})',
          raw: 'avg by (team) (DCGM_FI_DEV_GPU_UTIL{team!="", cluster=~"$cluster"})',
          header: "Utilization",
          unit: "percent",
        },
        // The last hour's mean of the allocated count (what team:gpu_hours:1h records), read here so its look-back shows.
        { expr: 'sum by (team) (avg_over_time(team:gpus_allocated:count{cluster=~"$cluster"}[1h]))', raw: gpuHoursByTeam("1h", CLUSTER), header: "GPU-hours, last hour", unit: "none" },
        { expr: 'sum by (team) (sum_over_time(team:gpus_allocated:count{cluster=~"$cluster"}[7d:1m])) / 60', raw: gpuHoursByTeam("7d", CLUSTER), header: "GPU-hours, 7 days", unit: "none" },
        {
          expr: '100 * (sum by (team) (team:gpus_idle:count{cluster=~"$cluster"}) or 0 * sum by (team) (team:gpus_allocated:count{cluster=~"$cluster"})) / sum by (team) (team:gpus_allocated:count{cluster=~"$cluster"})',
          raw: '100 * (count by (team) (avg_over_time(DCGM_FI_DEV_GPU_UTIL{team!="", cluster=~"$cluster"}[1h]) < 10) or 0 * count by (team) (DCGM_FI_DEV_GPU_UTIL{team!="", cluster=~"$cluster"})) / count by (team) (DCGM_FI_DEV_GPU_UTIL{team!="", cluster=~"$cluster"})',
          header: "Idle share",
          unit: "percent",
        },
      ],
      labels: ["team"],
      sortBy: "GPUs held",
      thresholds: [],
    },
    {
      kind: "bar",
      id: "power-headroom",
      title: "Power headroom per rack",
      description: "Sum of the GPUs' power limits minus their draw, per rack: what is left before the rack's GPUs hit their caps.",
      datasource: "$datasource",
      queries: [
        {
          expr: 'sum by (rack) (rack:gpu_power_limit_watts:sum{cluster=~"$cluster"} - rack:gpu_power_watts:sum{cluster=~"$cluster"})',
          raw: `sum by (rack) (${rackPowerLimit(CLUSTER)} - ${rackPower(CLUSTER)})`,
          legend: "{{rack}}",
        },
      ],
      unit: "watts",
      baseColor: "#f2495c",
      thresholds: [
        { value: 2000, color: "#ff9830" },
        { value: 5000, color: "#73bf69" },
      ],
    },
    {
      kind: "timeseries",
      id: "coolant-return",
      title: "Coolant return temperature per rack",
      description: "rack_coolant_return_temperature_celsius: the cooling loop's headroom shrinks as it climbs.",
      datasource: "$datasource",
      queries: [{ expr: 'rack_coolant_return_temperature_celsius{cluster=~"$cluster"}', legend: "{{rack}}" }],
      unit: "celsius",
      thresholds: [{ value: 45, color: "#f2495c" }],
    },
    {
      kind: "stat",
      id: "head-series",
      title: "Prometheus head series",
      description: "prometheus_tsdb_head_series of the default Prometheus (the console's own): the monitoring system's cardinality, against a budget of 2 M series.",
      datasource: "default",
      queries: [{ expr: 'max(prometheus_tsdb_head_series{job="prometheus"})' }],
      unit: "none",
      baseColor: "#73bf69",
      thresholds: [
        { value: 1_500_000, color: "#ff9830" },
        { value: 2_000_000, color: "#f2495c" },
      ],
    },
    {
      kind: "bar",
      id: "series-by-job",
      title: "Series by scrape job",
      description: "Samples each scrape job's targets exposed at the last scrape (scrape_samples_scraped), in the default Prometheus.",
      datasource: "default",
      queries: [{ expr: "sum by (job) (scrape_samples_scraped)", legend: "{{job}}" }],
      unit: "none",
      baseColor: "#8ab8ff",
    },
  ],
} satisfies DashboardDefInput;
