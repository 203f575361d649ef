import type { DashboardDefInput } from "../types";
import { GPUS, HOSTS } from "./sre-selectors";

/** The SRE dashboard's health tables: scrape targets, what is missing, what fires, XID codes. */
export const SRE_HEALTH_PANELS = [
  {
    kind: "table",
    id: "scrape-health",
    title: "Scrape health by job",
    description: "Targets per scrape job and how many answered the last scrape (up). A job with fewer up than targets has absent exporters.",
    datasource: "$datasource",
    queries: [
      { expr: "count by (job) (up)", header: "Targets", unit: "none" },
      { expr: "sum by (job) (up)", header: "Up", unit: "none" },
      { expr: "100 * avg by (job) (avg_over_time(up[1h]))", header: "Up, last hour", unit: "percent" },
    ],
    labels: ["job"],
    sortBy: "Up, last hour",
    sortDirection: "asc",
    thresholds: [],
  },
  {
    kind: "table",
    id: "absent-targets",
    title: "Targets down or missing",
    description: "Scrape targets that did not answer (up == 0), and nodes whose node_exporter reports but which have no dcgm-exporter target at all (absent, not just down).",
    datasource: "$datasource",
    queries: [
      {
        expr: `(up{cluster=~"$cluster"} == 0) or label_replace(0 * (label_replace(up{job="node", ${HOSTS}}, "host", "$1", "instance", "(.+):[0-9]+") unless on (host) label_replace(up{job="dcgm"}, "host", "$1", "instance", "(.+):[0-9]+")), "job", "dcgm (no target)", "", "")`,
        header: "Up",
        unit: "none",
      },
    ],
    labels: ["job", "instance"],
    whenEmpty: "Every target answers, and every node has its dcgm-exporter.",
  },
  {
    kind: "table",
    id: "firing-alerts",
    title: "Alerts firing",
    description: "Every firing alert in the selected cluster, longest-firing first, with what it is about. Pending alerts show as bands on the charts.",
    datasource: "$datasource",
    queries: [
      {
        expr: 'time() - max by (alertname, severity, cluster, $__host, gpu, instance, rack, model_name, job_name) (ALERTS_FOR_STATE{cluster=~"$cluster"}) and on (alertname, cluster, $__host, gpu, instance, rack, model_name, job_name) max by (alertname, cluster, $__host, gpu, instance, rack, model_name, job_name) (ALERTS{alertstate="firing", cluster=~"$cluster"})',
        header: "Active for",
        unit: "seconds",
      },
    ],
    labels: ["alertname", "severity", "cluster", "$__host", "gpu", "instance", "rack", "model_name", "job_name"],
    sortBy: "Active for",
    whenEmpty: "Nothing is firing.",
    wide: true,
  },
  {
    kind: "table",
    id: "xid-codes",
    title: "XID errors by code",
    description: "How many GPUs report each XID code now (DCGM_FI_DEV_XID_ERRORS holds a GPU's last XID), each named from the XID catalogue; hover a code for what it means and the operator action. 48 and 63/64 are memory errors, 79 a GPU fallen off the bus, 31 and 43 mostly application faults.",
    datasource: "$datasource",
    queries: [{ expr: `count_values("xid", max by (cluster, $__host, gpu) (DCGM_FI_DEV_XID_ERRORS{${GPUS}}) > 0)`, header: "GPUs", unit: "none" }],
    labels: ["xid"],
    decodeLabels: { xid: "xid" },
    sortBy: "GPUs",
    whenEmpty: "No GPU reports an XID error.",
  },
] satisfies DashboardDefInput["panels"];
