/** The 12 panel queries of the benchmark's SRE dashboard (what a real one asks). */
export const BENCH_PANELS = [
  "max by (cluster, Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL)",
  "cluster:gpu_utilization:avg",
  "max by (cluster, Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP)",
  "max by (cluster, Hostname, gpu) (DCGM_FI_DEV_MEMORY_TEMP)",
  "sum by (cluster, rack) (DCGM_FI_DEV_POWER_USAGE)",
  "gpu:memory_used_percent:5m",
  "max by (cluster) (DCGM_FI_DEV_XID_ERRORS)",
  "sum by (Hostname) (rate(DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL[5m]))",
  "sum by (instance) (rate(node_infiniband_port_data_received_bytes_total[5m]))",
  "rack_coolant_supply_temperature_celsius",
  "team:gpus_allocated:count",
  "ml:inference_latency_p99:5m",
];
