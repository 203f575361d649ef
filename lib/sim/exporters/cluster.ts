import { LABEL_SPELLINGS, type LabelSpelling } from "../../metrics/labels";
import { Exposition } from "../exposition";
import type { FleetModel } from "../model";
import { TEAM_NAMESPACES } from "../teams";
import { ERROR_TYPES } from "../workloads";

/** Facility (BMS) exporter of one cluster: per-rack liquid cooling. `cluster` comes from the target. */
export function renderFacility(model: FleetModel, cluster: string): string {
  const out = new Exposition();
  for (const r of model.fleet.racks.filter((x) => x.cluster === cluster)) {
    const c = model.cooling.get(r.rack)!;
    const labels = [["rack", r.rack]] as const;
    out.sample("rack_coolant_supply_temperature_celsius", "gauge", "Coolant supply temperature.", labels, c.supplyC);
    out.sample("rack_coolant_return_temperature_celsius", "gauge", "Coolant return temperature.", labels, c.returnC);
    out.sample("rack_coolant_flow_liters_per_minute", "gauge", "Coolant flow.", labels, c.flowLpm);
    out.sample("rack_coolant_pressure_kilopascals", "gauge", "Coolant pressure.", labels, c.pressureKPa);
    out.sample("rack_inlet_air_temperature_celsius", "gauge", "Rack inlet air temperature.", labels, c.inletAirC);
  }
  return out.text();
}

/** The scheduler of one cluster: which job holds which GPU, queue and allocation. */
/** `spelling`: the scheduler joins on dcgm-exporter's host and UUID labels, so it names them as the fleet's exporters do. */
export function renderScheduler(model: FleetModel, cluster: string, spelling: LabelSpelling = "release"): string {
  const name = LABEL_SPELLINGS[spelling];
  const out = new Exposition();
  const nodes = model.fleet.nodes.filter((n) => n.cluster === cluster);
  const allocated = new Map<string, number>();
  for (const node of nodes) {
    for (const job of model.jobs.get(node.hostname) ?? []) {
      allocated.set(job.team, (allocated.get(job.team) ?? 0) + job.gpuIndices.length);
      job.gpuIndices.forEach((index, rank) => {
        const gpu = node.gpus.find((g) => g.index === index)!;
        const pod = job.kind === "serving" ? `${job.name}-${rank}` : `${job.name}-worker-${rank}`;
        out.sample("gpu_job_info", "gauge", "Which job holds which GPU (join on Hostname, gpu, UUID).", [
          [name.host, node.hostname], ["gpu", String(index)], [name.uuid, gpu.uuid], ["job_id", job.id], ["job_name", job.name],
          ["team", job.team], ["namespace", job.namespace], ["pod", pod],
        ], 1);
      });
    }
  }
  const total = nodes.reduce((a, n) => a + n.gpus.length, 0);
  out.sample("scheduler_allocatable_gpus", "gauge", "GPUs the scheduler can allocate.", [], total);
  const tick = Math.floor(model.tMs / 60_000);
  for (const { team } of TEAM_NAMESPACES) {
    out.sample("scheduler_allocated_gpus", "gauge", "GPUs allocated to a team's jobs.", [["team", team]], allocated.get(team) ?? 0);
    const pending = Math.max(0, Math.round(6 * Math.sin((tick + team.length * 17) / 37) + (total - [...allocated.values()].reduce((a, b) => a + b, 0) < 8 ? 4 : 0)));
    out.sample("scheduler_pending_jobs", "gauge", "Jobs waiting for GPUs.", [["team", team]], pending);
  }
  out.histogram("scheduler_job_wait_seconds", "Time jobs waited in the queue before they started.", [], model.scheduler.get(cluster)!.wait);
  return out.text();
}

/** Model servers of one cluster: the seeds' ml_* metrics and vLLM's for LLMs. */
export function renderInference(model: FleetModel, cluster: string): string {
  const out = new Exposition();
  for (const s of model.inference.values()) {
    if (s.job.cluster !== cluster) continue;
    const m = s.job.model!;
    const base = [["model_name", m.name], ["namespace", s.job.namespace]] as const;
    const endpoint = m.llm ? "/v1/completions" : "/v1/predict";
    out.sample("ml_inferences_total", "counter", "Inference requests served.", [...base, ["endpoint", endpoint]], Math.floor(s.requests));
    out.histogram("ml_inference_latency_seconds", "Inference latency.", base, s.latency);
    out.sample("ml_batch_queue_depth", "gauge", "Requests waiting for a batch.", base, s.queueDepth);
    out.sample("ml_model_accuracy", "gauge", "Online accuracy of the served model.", [...base, ["version", m.version]], s.accuracy);
    for (const t of ERROR_TYPES) out.sample("ml_prediction_errors_total", "counter", "Failed predictions.", [...base, ["error_type", t]], Math.floor(s.errors[t]));
    if (!m.llm) continue;
    out.histogram("vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", base, s.ttft);
    out.histogram("vllm:time_per_output_token_seconds", "Histogram of time per output token in seconds.", base, s.tpot);
    out.histogram("vllm:e2e_request_latency_seconds", "Histogram of end to end request latency in seconds.", base, s.e2e);
    out.sample("vllm:num_requests_running", "gauge", "Number of requests currently running on GPU.", base, s.running);
    out.sample("vllm:num_requests_waiting", "gauge", "Number of requests waiting to be processed.", base, s.waiting);
    out.sample("vllm:gpu_cache_usage_perc", "gauge", "GPU KV-cache usage. 1 means 100 percent usage.", base, s.cacheUsage);
    out.sample("vllm:prompt_tokens_total", "counter", "Number of prefill tokens processed.", base, Math.floor(s.promptTokens));
    out.sample("vllm:generation_tokens_total", "counter", "Number of generation tokens processed.", base, Math.floor(s.generationTokens));
  }
  return out.text();
}

/** Training jobs of one cluster (what a training framework's exporter reports). */
export function renderTraining(model: FleetModel, cluster: string): string {
  const out = new Exposition();
  for (const s of model.training.values()) {
    if (s.job.cluster !== cluster) continue;
    const base = [["job_name", s.job.name], ["namespace", s.job.namespace]] as const;
    out.sample("training_loss", "gauge", "Training loss.", base, s.loss);
    out.sample("training_samples_per_second", "gauge", "Training throughput.", base, s.samplesPerSecond);
    out.sample("training_pipeline_bubble_ratio", "gauge", "Share of time pipeline stages wait.", base, s.bubbleRatio);
    out.sample("training_learning_rate", "gauge", "Learning rate.", base, s.learningRate);
    out.sample("training_gradient_norm", "gauge", "Global gradient norm.", base, s.gradientNorm);
    out.sample("training_epoch", "gauge", "Current epoch.", base, s.epoch);
    out.histogram("training_step_duration_seconds", "Duration of a training step.", base, s.step);
    s.gradientSync.forEach((h, rank) => out.histogram("training_gradient_sync_seconds", "All-reduce time per step and rank.", [...base, ["rank", String(rank)]], h));
    out.histogram("training_checkpoint_duration_seconds", "Duration of a checkpoint save.", base, s.checkpoint);
    out.histogram("training_dataloader_wait_seconds", "Time a step waited for data.", base, s.dataloaderWait);
  }
  return out.text();
}
