import type { DashboardDefInput } from "../types";

/** The SRE dashboard. First slice: fleet GPU utilization per GPU. */
export const SRE_DASHBOARD = {
  id: "sre",
  title: "SRE — GPU fleet",
  time: { from: "now-1h", to: "now" },
  variables: [
    { name: "cluster", label: "Cluster", labelName: "cluster", match: "DCGM_FI_DEV_GPU_UTIL", multi: false, includeAll: true },
    { name: "node", label: "Node", labelName: "Hostname", match: 'DCGM_FI_DEV_GPU_UTIL{cluster=~"$cluster"}', multi: true, includeAll: true },
  ],
  panels: [
    {
      kind: "timeseries",
      id: "gpu-utilization",
      title: "GPU utilization",
      description: "DCGM_FI_DEV_GPU_UTIL per GPU: share of time one or more kernels ran on the GPU. One line per GPU, whichever job held it.",
      // A GPU's series changes with the job that holds it (pod, namespace); one line per GPU.
      queries: [{ expr: 'max by (cluster, Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL{cluster=~"$cluster", Hostname=~"$node"})', legend: "{{Hostname}} GPU {{gpu}}" }],
      unit: "percent",
      min: 0,
      max: 100,
      thresholds: [{ value: 70, color: "#f2cc0c" }],
    },
  ],
} satisfies DashboardDefInput;
