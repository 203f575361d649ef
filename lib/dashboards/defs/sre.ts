import { throttleReasonCounts } from "@/lib/metrics/throttle";
import type { DashboardDefInput } from "../types";
import { allocatedByTeam } from "./raw";
import { SRE_FABRIC_PANELS } from "./sre-fabric";
import { SRE_HEALTH_PANELS } from "./sre-health";
import { GPUS_MISSING_EXPR, SRE_INVENTORY_PANELS } from "./sre-inventory";
import { GPUS, SELECTED_ALERTS } from "./sre-selectors";
import { RANK_FIRST, rankOverWindow, TOP_SERIES, topSeries } from "./top-series";

/** MIG instances of the selected GPUs, as a percentage, each named " · 3g.40gb #1" in a `mig` label for the row. */
const MIG_INSTANCES = `label_replace(label_join(100 * max by (cluster, $__host, gpu, GPU_I_ID, GPU_I_PROFILE) (DCGM_FI_PROF_GR_ENGINE_ACTIVE{${GPUS}, GPU_I_ID!=""}), "mig", " #", "GPU_I_PROFILE", "GPU_I_ID"), "mig", " · $1", "mig", "(.+)")`;
/** Every GPU's utilization, a partitioned GPU replaced by its instances (whole-GPU utilization says little there). */
const MIG_AWARE_UTILIZATION = `(max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_UTIL{${GPUS}}) unless on (cluster, $__host, gpu) ${MIG_INSTANCES}) or ${MIG_INSTANCES}`;

/** What ranks nodes in the power panel: their peak draw over the window (raw: the sum of their GPUs' peaks). */
const POWER_RANK = `sum by (cluster, $__host) (max_over_time(node_model:gpu_power_usage:sum{${GPUS}}[$__range] @ end()))`;
const POWER_RANK_RAW = `sum by (cluster, $__host) (max_over_time(DCGM_FI_DEV_POWER_USAGE{${GPUS}}[$__range] @ end()))`;
const topPower = (metric: string, raw: boolean) => topSeries({ expr: `sum by (cluster, $__host) (${metric}{${GPUS}})`, by: "cluster, $__host", rank: raw ? POWER_RANK_RAW : POWER_RANK, alerts: SELECTED_ALERTS });
/** The per-node SM-clock chart: the nodes that clocked lowest over the window, and those with alerts. */
const lowestClocked = (expr: string) => topSeries({ expr, by: "cluster, $__host", order: "lowest", alerts: SELECTED_ALERTS });

/** The SRE dashboard: the fleet heatmap, then temperatures, power and clocks per GPU and node. */
export const SRE_DASHBOARD = {
  id: "sre",
  title: "SRE — GPU fleet",
  time: { from: "now-1h", to: "now" },
  variables: [
    { name: "datasource", label: "Datasource", kind: "datasource", multi: false, includeAll: false },
    { name: "cluster", label: "Cluster", labelName: "cluster", match: "DCGM_FI_DEV_GPU_UTIL", multi: false, includeAll: true },
    { name: "model", label: "GPU model", labelName: "modelName", match: 'DCGM_FI_DEV_GPU_UTIL{cluster=~"$cluster"}', multi: true, includeAll: true },
    { name: "node", label: "Node", labelName: "$__host", match: 'DCGM_FI_DEV_GPU_UTIL{cluster=~"$cluster", modelName=~"$model"}', multi: true, includeAll: true },
  ],
  panels: [
    {
      kind: "stat",
      id: "gpus-reporting",
      datasource: "$datasource",
      title: "GPUs reporting",
      description: "GPUs with a DCGM_FI_DEV_GPU_UTIL sample now (dcgm-exporter scraped and answering).",
      queries: [{ expr: `sum(node_model:gpus:count{${GPUS}})`, raw: `count(max by ($__host, gpu) (DCGM_FI_DEV_GPU_UTIL{${GPUS}}))` }],
      unit: "none",
      baseColor: "#8ab8ff",
    },
    {
      kind: "stat",
      id: "gpus-missing",
      datasource: "$datasource",
      title: "GPUs missing",
      description: "GPUs the nodes should have (node:gpus_expected:max7d: the configured inventory, else what each had over the last 7 days) that do not report now: fallen off the bus, on a node whose exporter is down, or on a listed node never seen. The inventory tables below list them.",
      queries: [{ expr: GPUS_MISSING_EXPR }],
      unit: "none",
      thresholds: [{ value: 1, color: "#f2495c" }],
    },
    {
      kind: "gauge",
      id: "fleet-utilization",
      datasource: "$datasource",
      title: "Fleet GPU utilization",
      description: "Mean DCGM_FI_DEV_GPU_UTIL over the selected GPUs, now. Below 70 % the fleet is paying for idle GPUs.",
      // The mean over the selected GPUs' series, as the sum of their per-node sums over the count of their series.
      queries: [{ expr: `sum(node_model:gpu_utilization:sum{${GPUS}}) / sum(node_model:gpu_utilization_series:count{${GPUS}})`, raw: `avg(DCGM_FI_DEV_GPU_UTIL{${GPUS}})` }],
      unit: "percent",
      min: 0,
      max: 100,
      baseColor: "#f2495c",
      thresholds: [
        { value: 50, color: "#ff9830" },
        { value: 70, color: "#73bf69" },
      ],
    },
    {
      kind: "fleetgrid",
      id: "fleet-grid",
      datasource: "$datasource",
      title: "Fleet grid: GPU temperature now",
      description: "One cell per GPU (rows are nodes), coloured by DCGM_FI_DEV_GPU_TEMP against the slowdown thresholds; a GPU partitioned with MIG shows a bar per instance, as tall as the instance is busy (hover for each). Click a cell for its GPU.",
      wide: true,
      queries: [
        { expr: `max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_TEMP{${GPUS}})` },
        // MIG instances' load, drawn as bars inside their GPU's cell.
        { expr: `100 * max by (cluster, $__host, gpu, GPU_I_ID, GPU_I_PROFILE) (DCGM_FI_PROF_GR_ENGINE_ACTIVE{${GPUS}, GPU_I_ID!=""})` },
      ],
      unit: "celsius",
      baseColor: "#73bf69",
      thresholds: [
        { value: 75, color: "#f2cc0c" },
        { value: 85, color: "#ff9830" },
        { value: 90, color: "#f2495c" },
      ],
      links: [{ title: "open GPU", url: "/gpus/${__field.labels.$__host}:${__field.labels.gpu}?${__url_time_range}" }],
    },
    {
      kind: "heatmap",
      id: "gpu-heatmap",
      datasource: "$datasource",
      title: "GPU utilization heatmap",
      description:
        "DCGM_FI_DEV_GPU_UTIL of every GPU over time, one row per GPU sorted by node; a GPU partitioned with MIG is drawn as its instances, a row each under the GPU, with each instance's graphics-engine activity. When there are more GPUs than pixel rows, each row is the maximum of a group of GPUs, so a hot or idle GPU is never lost. Drag to zoom; click a cell to open that GPU at that time.",
      wide: true,
      queries: [{ expr: MIG_AWARE_UTILIZATION }],
      unit: "percent",
      min: 0,
      max: 100,
      colorScheme: "utilization",
      rowLabel: "{{$__host}} GPU {{gpu}}{{mig}}",
      detail: { expr: 'DCGM_FI_DEV_GPU_UTIL{$__host="${__field.labels.$__host}", gpu="${__field.labels.gpu}"}', labels: ["$__namespace", "$__pod"] },
      links: [{ title: "open this GPU at that time", url: "/gpus/${__field.labels.$__host}:${__field.labels.gpu}?${__url_time_range}" }],
    },
    {
      kind: "timeseries",
      id: "gpu-utilization",
      datasource: "$datasource",
      title: "GPU utilization",
      description: `DCGM_FI_DEV_GPU_UTIL per GPU: share of time one or more kernels ran on the GPU. One line per GPU, whichever job held it: the ${TOP_SERIES} busiest over the window, and every GPU with an alert in it (pick nodes to see all of theirs; the heatmap shows every GPU).`,
      // A GPU's series changes with the job that holds it (pod, namespace); one line per GPU.
      queries: [{ expr: topSeries({ expr: `max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_UTIL{${GPUS}})`, by: "cluster, $__host, gpu", rank: rankOverWindow(`DCGM_FI_DEV_GPU_UTIL{${GPUS}}`, "cluster, $__host, gpu"), alerts: SELECTED_ALERTS }), legend: "{{$__host}} GPU {{gpu}}", rankFirst: RANK_FIRST }],
      unit: "percent",
      min: 0,
      max: 100,
      thresholds: [{ value: 70, color: "#f2cc0c" }],
    },
    {
      kind: "timeseries",
      id: "gpu-temperature",
      datasource: "$datasource",
      title: "GPU die temperature",
      description: `DCGM_FI_DEV_GPU_TEMP per GPU: the ${TOP_SERIES} hottest over the window, and every GPU with an alert in it. Slowdown starts around 87–90 °C.`,
      queries: [{ expr: topSeries({ expr: `max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_TEMP{${GPUS}})`, by: "cluster, $__host, gpu", rank: rankOverWindow(`DCGM_FI_DEV_GPU_TEMP{${GPUS}}`, "cluster, $__host, gpu"), alerts: SELECTED_ALERTS }), legend: "{{$__host}} GPU {{gpu}}", rankFirst: RANK_FIRST }],
      unit: "celsius",
      thresholds: [
        { value: 85, color: "#ff9830" },
        { value: 90, color: "#f2495c" },
      ],
    },
    {
      kind: "timeseries",
      id: "memory-temperature",
      datasource: "$datasource",
      title: "HBM (memory-junction) temperature",
      description: `DCGM_FI_DEV_MEMORY_TEMP per GPU: the ${TOP_SERIES} hottest over the window, and every GPU with an alert in it. Memory-bound load runs HBM hotter than the die.`,
      queries: [{ expr: topSeries({ expr: `max by (cluster, $__host, gpu) (DCGM_FI_DEV_MEMORY_TEMP{${GPUS}})`, by: "cluster, $__host, gpu", rank: rankOverWindow(`DCGM_FI_DEV_MEMORY_TEMP{${GPUS}}`, "cluster, $__host, gpu"), alerts: SELECTED_ALERTS }), legend: "{{$__host}} GPU {{gpu}}", rankFirst: RANK_FIRST }],
      unit: "celsius",
      thresholds: [{ value: 95, color: "#f2495c" }],
    },
    {
      kind: "timeseries",
      id: "power",
      datasource: "$datasource",
      title: "Power draw against the limit, per node",
      description: `Sum of DCGM_FI_DEV_POWER_USAGE and of DCGM_FI_DEV_POWER_MGMT_LIMIT over each node's GPUs, for the ${TOP_SERIES} nodes that drew the most over the window and every node with an alert in it.`,
      queries: [
        { expr: topPower("node_model:gpu_power_usage:sum", false), raw: topPower("DCGM_FI_DEV_POWER_USAGE", true), legend: "{{$__host}} draw", rankFirst: RANK_FIRST },
        { expr: topPower("node_model:gpu_power_limit:sum", false), raw: topPower("DCGM_FI_DEV_POWER_MGMT_LIMIT", true), legend: "{{$__host}} limit", rankFirst: RANK_FIRST },
      ],
      unit: "watts",
      min: 0,
    },
    {
      kind: "table",
      id: "hottest-gpus",
      datasource: "$datasource",
      title: "Hottest GPUs now",
      description: "The ten GPUs with the highest die temperature, with their memory temperature and utilization. Sort by any column.",
      queries: [
        { expr: `topk(10, max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_TEMP{${GPUS}}))`, header: "Die", unit: "celsius" },
        {
          expr: `max by (cluster, $__host, gpu) (DCGM_FI_DEV_MEMORY_TEMP{${GPUS}}) and on (cluster, $__host, gpu) topk(10, max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_TEMP{${GPUS}}))`,
          header: "HBM",
          unit: "celsius",
        },
        {
          expr: `max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_UTIL{${GPUS}}) and on (cluster, $__host, gpu) topk(10, max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_TEMP{${GPUS}}))`,
          header: "Utilization",
          unit: "percent",
        },
      ],
      labels: ["cluster", "$__host", "gpu"],
      sortBy: "Die",
      thresholds: [
        { value: 85, color: "#ff9830" },
        { value: 90, color: "#f2495c" },
      ],
      links: [{ title: "GPU", url: "/gpus/${__field.labels.$__host}:${__field.labels.gpu}?${__url_time_range}" }],
    },
    {
      kind: "bar",
      id: "gpus-by-model",
      datasource: "$datasource",
      title: "GPUs by model",
      description: "How many GPUs of each model report (modelName from dcgm-exporter).",
      queries: [{ expr: `sum by (modelName) (node_model:gpus:count{${GPUS}})`, raw: `count by (modelName) (max by ($__host, gpu, modelName) (DCGM_FI_DEV_GPU_UTIL{${GPUS}}))`, legend: "{{modelName}}" }],
      unit: "none",
      baseColor: "#8ab8ff",
    },
    {
      kind: "timeseries",
      id: "sm-clock",
      datasource: "$datasource",
      title: "SM clock against its maximum, per node",
      description: `Average DCGM_FI_DEV_SM_CLOCK of each node's GPUs as a share of DCGM_FI_DEV_MAX_SM_CLOCK: under load it drops when they throttle (reasons beside). The ${TOP_SERIES} nodes that clocked lowest over the window, and every node with an alert in it.`,
      queries: [
        {
          expr: lowestClocked(`100 * sum by (cluster, $__host) (node_model:gpu_sm_clock:sum{${GPUS}}) / sum by (cluster, $__host) (node_model:gpu_sm_clock_max:sum{${GPUS}})`),
          raw: lowestClocked(`100 * avg by (cluster, $__host) (DCGM_FI_DEV_SM_CLOCK{${GPUS}}) / avg by (cluster, $__host) (DCGM_FI_DEV_MAX_SM_CLOCK{${GPUS}})`),
          legend: "{{$__host}}",
          rankFirst: RANK_FIRST,
        },
      ],
      unit: "percent",
      min: 0,
      max: 100,
    },
    {
      kind: "bar",
      id: "throttle-reasons",
      datasource: "$datasource",
      title: "GPUs throttling now, by reason",
      description: "DCGM_FI_DEV_CLOCK_THROTTLE_REASONS decoded by bit: how many GPUs each reason that costs performance (power caps, slowdowns) holds back now. GPU idle, sync boost and clock settings are no throttling and are not counted.",
      queries: [{ expr: throttleReasonCounts(`max by (cluster, $__host, gpu) (DCGM_FI_DEV_CLOCK_THROTTLE_REASONS{${GPUS}})`), legend: "{{reason}}" }],
      unit: "none",
      baseColor: "#ff9830",
    },
    {
      kind: "timeseries",
      id: "gpus-by-team",
      datasource: "$datasource",
      title: "GPUs allocated, by team",
      description: "team:gpus_allocated:count stacked: how the fleet's GPUs are shared between teams over time.",
      queries: [{ expr: 'sum by (team) (team:gpus_allocated:count{cluster=~"$cluster"})', raw: `sum by (team) (${allocatedByTeam('cluster=~"$cluster"')})`, legend: "{{team}}" }],
      unit: "none",
      min: 0,
      style: "area",
      stack: true,
      alertBands: false,
    },
    {
      kind: "table",
      id: "gpu-errors",
      title: "GPU errors by node",
      description: "Per node: the last XID (DCGM_FI_DEV_XID_ERRORS, highest across its GPUs), ECC single- and double-bit errors, row-remap failures and PCIe replays (totals since boot). A double-bit error or a remap failure means drain and RMA.",
      datasource: "$datasource",
      queries: [
        { expr: `max by (cluster, $__host) (DCGM_FI_DEV_XID_ERRORS{${GPUS}})`, header: "Last XID", unit: "none", decode: "xid" },
        { expr: `sum by (cluster, $__host) (DCGM_FI_DEV_ECC_SBE_VOL_TOTAL{${GPUS}})`, header: "ECC SBE", unit: "none" },
        { expr: `sum by (cluster, $__host) (DCGM_FI_DEV_ECC_DBE_VOL_TOTAL{${GPUS}})`, header: "ECC DBE", unit: "none" },
        { expr: `max by (cluster, $__host) (DCGM_FI_DEV_ROW_REMAP_FAILURE{${GPUS}})`, header: "Remap failure", unit: "none" },
        { expr: `sum by (cluster, $__host) (DCGM_FI_DEV_PCIE_REPLAY_COUNTER{${GPUS}})`, header: "PCIe replays", unit: "none" },
      ],
      labels: ["cluster", "$__host"],
      sortBy: "ECC DBE",
      thresholds: [{ value: 1, color: "#ff9830" }],
      links: [{ title: "node", url: "/nodes/${__field.labels.$__host}?${__url_time_range}" }],
    },
    ...SRE_INVENTORY_PANELS,
    ...SRE_HEALTH_PANELS,
    ...SRE_FABRIC_PANELS,
  ],
} satisfies DashboardDefInput;
