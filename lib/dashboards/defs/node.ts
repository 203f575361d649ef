import type { DashboardDefInput } from "../types";

/** The node's GPUs (dcgm-exporter) and its host series (node_exporter: `instance` is host:port). */
const GPUS = '$__host=~"$node"';
const HOST = 'instance=~"($node):.*"';
const perGpu = (name: string) => `max by ($__host, gpu) (${name}{${GPUS}})`;

/**
 * One node: its GPUs (grid, table with links to each GPU's page, utilization and
 * temperature), the host (CPU, memory, disk, network), InfiniBand, the jobs on it.
 * The page adds its firing alerts and alert history above. Variable `node` is fixed by the URL.
 */
export const NODE_DASHBOARD = {
  id: "node",
  title: "Node",
  time: { from: "now-1h", to: "now" },
  panelMinWidth: 440,
  panelHeight: 260,
  variables: [],
  fixedVariables: ["node"],
  panels: [
    {
      kind: "table",
      id: "gpus",
      title: "GPUs",
      description: "Each GPU of the node now: utilization, die and memory temperature, power, health (0 = healthy), last XID. A row opens that GPU.",
      wide: true,
      queries: [
        { expr: perGpu("DCGM_FI_DEV_GPU_UTIL"), header: "Utilization", unit: "percent" },
        { expr: perGpu("DCGM_FI_DEV_GPU_TEMP"), header: "Die", unit: "celsius" },
        { expr: perGpu("DCGM_FI_DEV_MEMORY_TEMP"), header: "Memory", unit: "celsius" },
        { expr: perGpu("DCGM_FI_DEV_POWER_USAGE"), header: "Power", unit: "watts" },
        { expr: perGpu("DCGM_EXP_GPU_HEALTH_STATUS"), header: "Health", unit: "none", decode: "health" },
        { expr: perGpu("DCGM_FI_DEV_XID_ERRORS"), header: "Last XID", unit: "none", decode: "xid" },
      ],
      labels: ["$__host", "gpu"],
      sortBy: "gpu",
      sortDirection: "asc",
      links: [{ title: "GPU", url: "/gpus/${__field.labels.$__host}:${__field.labels.gpu}?${__url_time_range}" }],
    },
    {
      kind: "timeseries",
      id: "gpu-utilization",
      title: "GPU utilization",
      description: "DCGM_FI_DEV_GPU_UTIL per GPU.",
      queries: [{ expr: perGpu("DCGM_FI_DEV_GPU_UTIL"), legend: "GPU {{gpu}}" }],
      unit: "percent",
      min: 0,
      max: 100,
    },
    {
      kind: "timeseries",
      id: "gpu-temperature",
      title: "GPU die temperature",
      description: "DCGM_FI_DEV_GPU_TEMP per GPU against the slowdown temperature.",
      queries: [{ expr: perGpu("DCGM_FI_DEV_GPU_TEMP"), legend: "GPU {{gpu}}" }],
      unit: "celsius",
      thresholds: [{ value: 87, color: "#f2495c" }],
    },
    {
      kind: "timeseries",
      id: "gpu-power",
      title: "GPU power against limit",
      description: "Sum of DCGM_FI_DEV_POWER_USAGE and of DCGM_FI_DEV_POWER_MGMT_LIMIT over the node's GPUs.",
      queries: [
        { expr: `sum(DCGM_FI_DEV_POWER_USAGE{${GPUS}})`, legend: "draw" },
        { expr: `sum(DCGM_FI_DEV_POWER_MGMT_LIMIT{${GPUS}})`, legend: "limit" },
      ],
      unit: "watts",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "cpu",
      title: "CPU",
      description: "Share of CPU time per mode (node_cpu_seconds_total), idle left out.",
      queries: [{ expr: `100 * sum by (mode) (rate(node_cpu_seconds_total{${HOST}, mode!="idle"}[5m])) / scalar(count(node_cpu_seconds_total{${HOST}, mode="idle"}))`, legend: "{{mode}}" }],
      unit: "percent",
      min: 0,
      style: "area",
      stack: true,
    },
    {
      kind: "timeseries",
      id: "memory",
      title: "Memory",
      description: "Used (MemTotal − MemAvailable) against MemTotal.",
      queries: [
        { expr: `sum(node_memory_MemTotal_bytes{${HOST}}) - sum(node_memory_MemAvailable_bytes{${HOST}})`, legend: "used" },
        { expr: `sum(node_memory_MemTotal_bytes{${HOST}})`, legend: "total" },
      ],
      unit: "bytes",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "disk",
      title: "Disk throughput and busy time",
      description: "node_disk_read/written_bytes_total per second per device; busy is node_disk_io_time_seconds_total (share of time with I/O in flight) on the table below.",
      queries: [
        { expr: `sum by (device) (rate(node_disk_read_bytes_total{${HOST}}[5m]))`, legend: "{{device}} read" },
        { expr: `sum by (device) (rate(node_disk_written_bytes_total{${HOST}}[5m]))`, legend: "{{device}} write" },
      ],
      unit: "bytes_per_second",
      min: 0,
    },
    {
      kind: "table",
      id: "filesystems",
      title: "Filesystems and disks",
      description: "Space used per mount point (node_filesystem_*) and each disk's busy share (node_disk_io_time_seconds_total).",
      queries: [
        { expr: `100 * (1 - max by (mountpoint) (node_filesystem_avail_bytes{${HOST}}) / max by (mountpoint) (node_filesystem_size_bytes{${HOST}}))`, header: "Used", unit: "percent" },
        { expr: `max by (mountpoint) (node_filesystem_size_bytes{${HOST}})`, header: "Size", unit: "bytes" },
      ],
      labels: ["mountpoint"],
    },
    {
      kind: "timeseries",
      id: "network",
      title: "Network",
      description: "node_network_receive/transmit_bytes_total per second, all interfaces.",
      queries: [
        { expr: `sum(rate(node_network_receive_bytes_total{${HOST}}[5m]))`, legend: "receive" },
        { expr: `sum(rate(node_network_transmit_bytes_total{${HOST}}[5m]))`, legend: "transmit" },
      ],
      unit: "bytes_per_second",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "infiniband",
      title: "InfiniBand traffic",
      description: "node_infiniband_port_data_received/transmitted_bytes_total per second, per HCA port.",
      queries: [
        { expr: `sum by (device, port) (rate(node_infiniband_port_data_received_bytes_total{${HOST}}[5m]))`, legend: "{{device}}/{{port}} rx" },
        { expr: `sum by (device, port) (rate(node_infiniband_port_data_transmitted_bytes_total{${HOST}}[5m]))`, legend: "{{device}}/{{port}} tx" },
      ],
      unit: "bytes_per_second",
      min: 0,
    },
    {
      kind: "table",
      id: "infiniband-errors",
      title: "InfiniBand errors",
      description: "Per port: link-down events, receive errors and symbol errors (totals since the exporter started, and new in the last hour).",
      queries: [
        { expr: `sum by (device, port) (node_infiniband_link_downed_total{${HOST}})`, header: "Link downs", unit: "none" },
        { expr: `sum by (device, port) (node_infiniband_port_errors_received_total{${HOST}})`, header: "Receive errors", unit: "none" },
        { expr: `sum by (device, port) (node_infiniband_symbol_error_total{${HOST}})`, header: "Symbol errors", unit: "none" },
        { expr: `round(sum by (device, port) (increase(node_infiniband_symbol_error_total{${HOST}}[1h])))`, header: "Symbol errors, 1 h", unit: "none" },
      ],
      labels: ["device", "port"],
    },
    {
      kind: "table",
      id: "jobs",
      title: "Jobs on this node",
      description: "gpu_job_info: which job, team and pod holds each GPU now.",
      wide: true,
      queries: [{ expr: `max by (job_name, team, namespace, pod, gpu) (gpu_job_info{${GPUS}})`, header: "Holds", unit: "none" }],
      labels: ["job_name", "team", "namespace", "pod", "gpu"],
      sortBy: "gpu",
      sortDirection: "asc",
    },
  ],
} satisfies DashboardDefInput;
