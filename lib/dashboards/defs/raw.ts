/**
 * The raw equivalents of the recording rules dashboards read (deploy/prometheus/rules/
 * recording.yml), for a panel query's `raw`: what runs where a rule is younger than the
 * window (lib/prom/recorded.ts). Each computes the rule's own expression from the
 * exporter's series; `matchers` are the panel's own (`cluster=~"$cluster"`).
 */
const and = (matchers: string) => (matchers ? `, ${matchers}` : "");

/** team:gpus_allocated:count — GPUs each team holds, by cluster and team. */
export const allocatedByTeam = (matchers = "") => `count by (cluster, team) (DCGM_FI_DEV_GPU_UTIL{team!=""${and(matchers)}})`;

/**
 * GPU-hours each team held over a window: the allocated count minute by minute, as the
 * rule records it (sampling it every 5 min was 1.3 % off over 5 hours of the test fleet,
 * whose jobs come and go by the minute). `[59m:1m]` for an hour: Prometheus 2 takes both
 * ends of a subquery's range, so `[1h:1m]` sums 61 minutes (1.7 % too many).
 */
export const gpuHoursByTeam = (window: "1h" | "7d", matchers = "") =>
  `sum by (team) (sum_over_time(${allocatedByTeam(matchers)}[${WINDOW_MINUTES[window] - 1}m:1m])) / 60`;
const WINDOW_MINUTES = { "1h": 60, "7d": 7 * 24 * 60 } as const;

/** ml:inference_latency_pNN:5m — the quantile of ml_inference_latency_seconds per model. */
export const inferenceLatency = (q: number, matchers = "") =>
  `histogram_quantile(${q}, sum by (le, cluster, team, model_name) (rate(ml_inference_latency_seconds_bucket{${matchers}}[5m])))`;

/** ml:inference_throughput:5m */
export const inferenceThroughput = (matchers = "") => `sum by (cluster, team, model_name) (rate(ml_inferences_total{${matchers}}[5m]))`;

/** rack:gpu_power_watts:sum and rack:gpu_power_limit_watts:sum */
export const rackPower = (matchers = "") => `sum by (cluster, rack) (DCGM_FI_DEV_POWER_USAGE{${matchers}})`;
export const rackPowerLimit = (matchers = "") => `sum by (cluster, rack) (DCGM_FI_DEV_POWER_MGMT_LIMIT{${matchers}})`;

/** cluster:gpus_idle_allocated:count — allocated GPUs under 10 % over the last hour. */
export const idleAllocated = (matchers = "") => `count by (cluster, team) (avg_over_time(DCGM_FI_DEV_GPU_UTIL{$__pod!=""${and(matchers)}}[1h]) < 10)`;
