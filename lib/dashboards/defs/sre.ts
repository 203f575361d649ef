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
    {
      kind: "timeseries",
      id: "gpu-temperature",
      title: "GPU die temperature",
      description: "DCGM_FI_DEV_GPU_TEMP per GPU. Slowdown starts around 87–90 °C.",
      queries: [{ expr: 'max by (cluster, Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP{cluster=~"$cluster", Hostname=~"$node"})', legend: "{{Hostname}} GPU {{gpu}}" }],
      unit: "celsius",
      thresholds: [
        { value: 85, color: "#ff9830" },
        { value: 90, color: "#f2495c" },
      ],
    },
    {
      kind: "timeseries",
      id: "memory-temperature",
      title: "HBM (memory-junction) temperature",
      description: "DCGM_FI_DEV_MEMORY_TEMP per GPU: memory-bound load runs HBM hotter than the die.",
      queries: [{ expr: 'max by (cluster, Hostname, gpu) (DCGM_FI_DEV_MEMORY_TEMP{cluster=~"$cluster", Hostname=~"$node"})', legend: "{{Hostname}} GPU {{gpu}}" }],
      unit: "celsius",
      thresholds: [{ value: 95, color: "#f2495c" }],
    },
    {
      kind: "timeseries",
      id: "power",
      title: "Power draw against the limit, per node",
      description: "Sum of DCGM_FI_DEV_POWER_USAGE and of DCGM_FI_DEV_POWER_MGMT_LIMIT over each node's GPUs.",
      queries: [
        { expr: 'sum by (cluster, Hostname) (DCGM_FI_DEV_POWER_USAGE{cluster=~"$cluster", Hostname=~"$node"})', legend: "{{Hostname}} draw" },
        { expr: 'sum by (cluster, Hostname) (DCGM_FI_DEV_POWER_MGMT_LIMIT{cluster=~"$cluster", Hostname=~"$node"})', legend: "{{Hostname}} limit" },
      ],
      unit: "watts",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "sm-clock",
      title: "SM clock, per node",
      description: "Average DCGM_FI_DEV_SM_CLOCK of each node's GPUs: it drops when they throttle.",
      queries: [{ expr: 'avg by (cluster, Hostname) (DCGM_FI_DEV_SM_CLOCK{cluster=~"$cluster", Hostname=~"$node"})', legend: "{{Hostname}}" }],
      unit: "megahertz",
      min: 0,
    },
  ],
} satisfies DashboardDefInput;
