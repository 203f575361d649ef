import type { DashboardDefInput } from "../types";
import { GPUS } from "./sre-selectors";

/**
 * The GPU inventory: what each node should have (`node:gpus_expected:max7d`: what the
 * configured inventory lists for it, else the most GPUs of a model it reported in the last
 * 7 days; lib/inventory/config.ts) against what reports now
 * (`node:gpus_reporting:count`), the GPUs gone, and the GPUs that report but are failing.
 * GpuFellOffTheBus alerts on the same rules (deploy/prometheus/rules).
 */
/** A node's inventory is matched by node and model: a configured node need not name its cluster or rack as Prometheus labels them. */
const NODE = "$__host, modelName";
/** What a node reports now; a node with no dcgm series at all (down, or configured and never seen) reports 0 of what it should have. */
const REPORTING = `(node:gpus_reporting:count{${GPUS}} or on (${NODE}) 0 * node:gpus_expected:max7d{${GPUS}})`;
/** Nodes short of GPUs, valued by how many they miss. */
const SHORT = `(node:gpus_expected:max7d{${GPUS}} - on (${NODE}) group_left() ${REPORTING} > 0)`;

const GPU = "cluster, $__host, gpu";
/** A reporting GPU whose DCGM health, XID count over the day or row remapping says it is failing. */
const FAILING = [
  `max by (${GPU}) (DCGM_EXP_GPU_HEALTH_STATUS{${GPUS}}) > 0`,
  `max by (${GPU}) (increase(DCGM_EXP_XID_ERRORS_COUNT{${GPUS}}[24h])) > 0`,
  `max by (${GPU}) (DCGM_FI_DEV_ROW_REMAP_FAILURE{${GPUS}}) > 0`,
]
  .map((e) => `(${e})`)
  .join(" or ");
const failing = (expr: string) => `${expr} and on (${GPU}) (${FAILING})`;

/**
 * When each GPU last reported: to 5 s over the last 5 minutes, else to the minute over the
 * window (a 1-minute grid over the whole window keeps the query cheap at 8,192 GPUs; the
 * fine grid alone covers what just fell off). `or`: the recent answer wins where both have one.
 */
const LAST_SEEN = `max_over_time(timestamp(DCGM_FI_DEV_GPU_UTIL{${GPUS}})[5m:5s]) or max_over_time(timestamp(DCGM_FI_DEV_GPU_UTIL{${GPUS}})[$__range:1m])`;

/** The fleet's shortfall: a node with more GPUs than the inventory lists does not make up for one with fewer. */
export const GPUS_MISSING_EXPR = `sum(${SHORT}) or vector(0)`;

export const SRE_INVENTORY_PANELS = [
  {
    kind: "table",
    id: "inventory-short-nodes",
    title: "Nodes with fewer GPUs than expected",
    description:
      "Per node and GPU model: how many GPUs it should have (expected: what the configured inventory lists, else the most it reported over the last 7 days), how many report now, and how many are missing. A node whose dcgm-exporter is down, or a listed node that never reported, counts all of its GPUs as missing. GpuFellOffTheBus fires for a node that answers with fewer.",
    datasource: "$datasource",
    queries: [
      { expr: SHORT, header: "Missing", unit: "none" },
      { expr: `node:gpus_expected:max7d{${GPUS}} and on (${NODE}) ${SHORT}`, header: "Expected", unit: "none" },
      { expr: `${REPORTING} and on (${NODE}) ${SHORT}`, header: "Reporting", unit: "none" },
    ],
    labels: ["cluster", "$__host", "modelName"],
    sortBy: "Missing",
    thresholds: [{ value: 1, color: "#f2495c" }],
    whenEmpty: "Every node reports as many GPUs as expected.",
    links: [{ title: "node", url: "/nodes/${__field.labels.$__host}?${__url_time_range}" }],
  },
  {
    kind: "table",
    id: "inventory-missing-gpus",
    title: "GPUs that stopped reporting",
    description:
      "GPUs that reported during the window but not now (fallen off the bus, driver lost them, or their node's exporter is down), with how long ago each was last seen. Widen the window to look further back.",
    datasource: "$datasource",
    queries: [
      {
        expr: `(time() - max by (cluster, $__host, gpu, $__uuid, modelName) (${LAST_SEEN})) unless on ($__uuid) DCGM_FI_DEV_GPU_UTIL`,
        header: "Last seen, ago",
        unit: "seconds",
      },
    ],
    labels: ["cluster", "$__host", "gpu", "$__uuid", "modelName"],
    sortBy: "Last seen, ago",
    sortDirection: "asc",
    whenEmpty: "Every GPU seen in the window still reports.",
    links: [{ title: "GPU", url: "/gpus/${__field.labels.$__host}:${__field.labels.gpu}?${__url_time_range}" }],
    wide: true,
  },
  {
    kind: "table",
    id: "inventory-failing-gpus",
    title: "GPUs that report but are failing",
    description:
      "Reporting GPUs whose DCGM health is not OK (DCGM_EXP_GPU_HEALTH_STATUS: 10 warning, 20 failure), that logged XID errors in the last 24 hours, or whose row remapping failed. The last XID is named from the XID catalogue; hover it for the operator action.",
    datasource: "$datasource",
    queries: [
      { expr: failing(`max by (${GPU}) (DCGM_EXP_GPU_HEALTH_STATUS{${GPUS}})`), header: "DCGM health", unit: "none", decode: "health" },
      { expr: failing(`round(max by (${GPU}) (increase(DCGM_EXP_XID_ERRORS_COUNT{${GPUS}}[24h])))`), header: "XIDs, 24 h", unit: "none" },
      { expr: failing(`max by (${GPU}) (DCGM_FI_DEV_XID_ERRORS{${GPUS}})`), header: "Last XID", unit: "none", decode: "xid" },
      { expr: failing(`max by (${GPU}) (DCGM_FI_DEV_ROW_REMAP_FAILURE{${GPUS}})`), header: "Remap failure", unit: "none" },
    ],
    labels: ["cluster", "$__host", "gpu"],
    sortBy: "XIDs, 24 h",
    thresholds: [{ value: 1, color: "#ff9830" }],
    whenEmpty: "No reporting GPU has a health warning, an XID in the last day or a failed row remap.",
    links: [{ title: "GPU", url: "/gpus/${__field.labels.$__host}:${__field.labels.gpu}?${__url_time_range}" }],
  },
] satisfies DashboardDefInput["panels"];
