import type { DashboardDefInput } from "../types";
import { inferenceLatency, inferenceThroughput } from "./raw";

/** Inference series of the chosen teams and models. */
const SERVED = 'team=~"$team", model_name=~"$model"';
/** Training series of the chosen teams and jobs. */
const TRAINING = 'team=~"$team", job_name=~"$job"';
/** Mean of a histogram per job: seconds per observation over 5 minutes. */
const meanPerJob = (metric: string) =>
  `sum by (job_name) (rate(${metric}_sum{${TRAINING}}[5m])) / sum by (job_name) (rate(${metric}_count{${TRAINING}}[5m]))`;
const quantile = (q: number, metric: string, by: string, selector: string) =>
  `histogram_quantile(${q}, sum by (le, ${by}) (rate(${metric}_bucket{${selector}}[5m])))`;

/**
 * The ML developer's dashboard: their teams' model endpoints, LLM serving and training
 * jobs. Scoped through the proxy (a developer's queries only see their teams' series);
 * the training row puts the job's own GPU utilization beside its data-loader wait, so
 * "the GPUs are below 70 % because the loader waits" reads off one screen.
 */
export const DEVELOPER_DASHBOARD = {
  id: "developer",
  title: "Developer — models and training jobs",
  time: { from: "now-1h", to: "now" },
  panelMinWidth: 440,
  panelHeight: 260,
  variables: [
    { name: "team", label: "Team", labelName: "team", match: '{__name__=~"gpu_job_info|ml_inferences_total|training_loss"}', multi: true, includeAll: true },
    { name: "model", label: "Model", labelName: "model_name", match: 'ml_inferences_total{team=~"$team"}', multi: true, includeAll: true },
    { name: "job", label: "Training job", labelName: "job_name", match: 'training_loss{team=~"$team"}', multi: true, includeAll: true },
  ],
  panels: [
    // — Inference —
    {
      kind: "timeseries",
      id: "inference-latency",
      title: "Inference latency p50 / p95 / p99",
      description: "Per model, from ml_inference_latency_seconds (recording rules ml:inference_latency_p50/p95/p99:5m). The dashed line is the 1 s objective.",
      queries: [
        { expr: `ml:inference_latency_p50:5m{${SERVED}}`, raw: inferenceLatency(0.5, SERVED), histogram: "ml_inference_latency_seconds", legend: "{{model_name}} p50" },
        { expr: `ml:inference_latency_p95:5m{${SERVED}}`, raw: inferenceLatency(0.95, SERVED), histogram: "ml_inference_latency_seconds", legend: "{{model_name}} p95" },
        { expr: `ml:inference_latency_p99:5m{${SERVED}}`, raw: inferenceLatency(0.99, SERVED), histogram: "ml_inference_latency_seconds", legend: "{{model_name}} p99" },
      ],
      unit: "seconds",
      min: 0,
      thresholds: [{ value: 1, color: "#f2495c" }],
    },
    {
      kind: "timeseries",
      id: "inference-throughput",
      title: "Inference throughput",
      description: "Requests per second per model (ml:inference_throughput:5m).",
      queries: [{ expr: `sum by (model_name) (ml:inference_throughput:5m{${SERVED}})`, raw: `sum by (model_name) (${inferenceThroughput(SERVED)})`, legend: "{{model_name}}" }],
      unit: "ops_per_second",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "inference-errors",
      title: "Prediction errors",
      description: "Errors per second per model and error type (ml_prediction_errors_total).",
      queries: [{ expr: `sum by (model_name, error_type) (rate(ml_prediction_errors_total{${SERVED}}[5m]))`, legend: "{{model_name}} {{error_type}}" }],
      unit: "ops_per_second",
      min: 0,
      style: "area",
      stack: true,
    },
    {
      kind: "timeseries",
      id: "inference-queue",
      title: "Batch queue depth",
      description: "Requests waiting for a batch per model (ml_batch_queue_depth).",
      queries: [{ expr: `max by (model_name) (ml_batch_queue_depth{${SERVED}})`, legend: "{{model_name}}" }],
      unit: "none",
      min: 0,
    },
    {
      kind: "table",
      id: "model-accuracy",
      title: "Accuracy per model and version",
      description: "ml_model_accuracy now, and its change over the window.",
      queries: [
        { expr: `100 * max by (model_name, version) (ml_model_accuracy{${SERVED}})`, header: "Accuracy", unit: "percent" },
        { expr: `100 * max by (model_name, version) (max_over_time(ml_model_accuracy{${SERVED}}[1h]) - min_over_time(ml_model_accuracy{${SERVED}}[1h]))`, header: "Range, last hour", unit: "percent" },
      ],
      labels: ["model_name", "version"],
      sortBy: "Accuracy",
      sortDirection: "asc",
    },
    // — LLM serving (vLLM) —
    {
      kind: "timeseries",
      id: "llm-ttft",
      title: "LLM time to first token p50 / p95",
      description: "vllm:time_to_first_token_seconds per model.",
      queries: [
        { expr: quantile(0.5, "vllm:time_to_first_token_seconds", "model_name", SERVED), histogram: "vllm:time_to_first_token_seconds", legend: "{{model_name}} p50" },
        { expr: quantile(0.95, "vllm:time_to_first_token_seconds", "model_name", SERVED), histogram: "vllm:time_to_first_token_seconds", legend: "{{model_name}} p95" },
      ],
      unit: "seconds",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "llm-tokens",
      title: "LLM tokens per second",
      description: "Prompt and generated tokens per second per model (vllm:prompt_tokens_total, vllm:generation_tokens_total).",
      queries: [
        { expr: `sum by (model_name) (rate(vllm:generation_tokens_total{${SERVED}}[5m]))`, legend: "{{model_name}} generated" },
        { expr: `sum by (model_name) (rate(vllm:prompt_tokens_total{${SERVED}}[5m]))`, legend: "{{model_name}} prompt" },
      ],
      unit: "ops_per_second",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "llm-requests",
      title: "LLM requests running and waiting",
      description: "vllm:num_requests_running and vllm:num_requests_waiting: waiting requests that keep growing mean too few replicas.",
      queries: [
        { expr: `sum by (model_name) (vllm:num_requests_running{${SERVED}})`, legend: "{{model_name}} running" },
        { expr: `sum by (model_name) (vllm:num_requests_waiting{${SERVED}})`, legend: "{{model_name}} waiting" },
      ],
      unit: "none",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "llm-kv-cache",
      title: "LLM KV-cache use",
      description: "vllm:gpu_cache_usage_perc per model: near 100 % vLLM starts pre-empting requests.",
      queries: [{ expr: `100 * max by (model_name) (vllm:gpu_cache_usage_perc{${SERVED}})`, legend: "{{model_name}}" }],
      unit: "percent",
      min: 0,
      max: 100,
      thresholds: [{ value: 90, color: "#ff9830" }],
    },
    // — Training —
    {
      kind: "timeseries",
      id: "job-gpu-utilization",
      title: "GPU utilization of each job's GPUs",
      description: "Mean DCGM_FI_DEV_GPU_UTIL of the GPUs each training job holds (joined through gpu_job_info). Below the 70 % line, look at the data-loader wait beside it.",
      queries: [
        {
          expr: `avg by (job_name) (DCGM_FI_DEV_GPU_UTIL * on ($__uuid) group_left (job_name) max by ($__uuid, job_name) (gpu_job_info{${TRAINING}})) and on (job_name) max by (job_name) (training_loss{${TRAINING}})`,
          legend: "{{job_name}}",
        },
      ],
      unit: "percent",
      min: 0,
      max: 100,
      thresholds: [{ value: 70, color: "#f2cc0c" }],
    },
    {
      kind: "timeseries",
      id: "job-dataloader-wait",
      title: "Data-loader wait per step",
      description: "Mean training_dataloader_wait_seconds per step: time the GPUs wait for input. When it rises, GPU utilization beside it falls.",
      queries: [{ expr: meanPerJob("training_dataloader_wait_seconds"), legend: "{{job_name}}" }],
      unit: "seconds",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "job-loss",
      title: "Training loss",
      description: "training_loss per job.",
      queries: [{ expr: `max by (job_name) (training_loss{${TRAINING}})`, legend: "{{job_name}}" }],
      unit: "none",
    },
    {
      kind: "timeseries",
      id: "job-throughput",
      title: "Samples per second",
      description: "training_samples_per_second per job.",
      queries: [{ expr: `sum by (job_name) (training_samples_per_second{${TRAINING}})`, legend: "{{job_name}}" }],
      unit: "ops_per_second",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "job-step-time",
      title: "Step time p50 / p95",
      description: "training_step_duration_seconds per job.",
      queries: [
        { expr: quantile(0.5, "training_step_duration_seconds", "job_name", TRAINING), histogram: "training_step_duration_seconds", legend: "{{job_name}} p50" },
        { expr: quantile(0.95, "training_step_duration_seconds", "job_name", TRAINING), histogram: "training_step_duration_seconds", legend: "{{job_name}} p95" },
      ],
      unit: "seconds",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "job-gradient-sync",
      title: "Gradient sync time and worker skew",
      description: "Mean training_gradient_sync_seconds per job, and the skew: the slowest rank's mean minus the fastest's. A growing skew is one straggling worker (or its GPU or link).",
      queries: [
        { expr: meanPerJob("training_gradient_sync_seconds"), legend: "{{job_name}} mean" },
        {
          expr: `max by (job_name) (rate(training_gradient_sync_seconds_sum{${TRAINING}}[5m]) / rate(training_gradient_sync_seconds_count{${TRAINING}}[5m])) - min by (job_name) (rate(training_gradient_sync_seconds_sum{${TRAINING}}[5m]) / rate(training_gradient_sync_seconds_count{${TRAINING}}[5m]))`,
          legend: "{{job_name}} skew",
        },
      ],
      unit: "seconds",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "job-pipeline-bubble",
      title: "Pipeline bubble ratio",
      description: "training_pipeline_bubble_ratio: the share of each step pipeline stages sit idle.",
      queries: [{ expr: `100 * max by (job_name) (training_pipeline_bubble_ratio{${TRAINING}})`, legend: "{{job_name}}" }],
      unit: "percent",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "job-checkpoint",
      title: "Checkpoint duration",
      description: "Mean training_checkpoint_duration_seconds per job over a 30-minute window (checkpoints are minutes apart).",
      queries: [
        {
          expr: `sum by (job_name) (increase(training_checkpoint_duration_seconds_sum{${TRAINING}}[30m])) / sum by (job_name) (increase(training_checkpoint_duration_seconds_count{${TRAINING}}[30m]))`,
          legend: "{{job_name}}",
        },
      ],
      unit: "seconds",
      min: 0,
    },
  ],
} satisfies DashboardDefInput;
