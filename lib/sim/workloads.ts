import type { FaultSet } from "./faults";
import { newHistogram, observe, type Histogram } from "./histogram";
import { unitRandom } from "./random";
import { dailyRhythm, type Job } from "./schedule";

/** Seeds' buckets for ml_inference_latency_seconds. */
/** Past the 1 s objective too: a quantile above the top finite bucket reads as that bucket, so a latency spike must land in a bucket of its own to be seen over the objective. */
export const INFERENCE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5, 10] as const;
/** vLLM's own bucket layouts (trimmed). */
export const TTFT_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12] as const;
export const TPOT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5] as const;
export const E2E_BUCKETS = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60] as const;
export const STEP_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8] as const;
export const SYNC_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;
export const CHECKPOINT_BUCKETS = [5, 10, 30, 60, 120, 300, 600] as const;
export const LOADER_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1] as const;
export const WAIT_BUCKETS = [30, 60, 300, 900, 1800, 3600, 7200, 14400] as const;
export const ERROR_TYPES = ["timeout", "invalid_input", "oom"] as const;

export interface InferenceState {
  job: Job;
  requests: number;
  errors: Record<(typeof ERROR_TYPES)[number], number>;
  latency: Histogram;
  queueDepth: number;
  accuracy: number;
  ttft: Histogram;
  tpot: Histogram;
  e2e: Histogram;
  promptTokens: number;
  generationTokens: number;
  running: number;
  waiting: number;
  cacheUsage: number;
}

export function newInference(job: Job): InferenceState {
  return {
    job,
    requests: 0,
    errors: { timeout: 0, invalid_input: 0, oom: 0 },
    latency: newHistogram(INFERENCE_BUCKETS),
    queueDepth: 0,
    accuracy: 0.94,
    ttft: newHistogram(TTFT_BUCKETS),
    tpot: newHistogram(TPOT_BUCKETS),
    e2e: newHistogram(E2E_BUCKETS),
    promptTokens: 0,
    generationTokens: 0,
    running: 0,
    waiting: 0,
    cacheUsage: 0,
  };
}

/** One step of a model server: load follows the day; latency follows load. */
export function stepInference(s: InferenceState, seed: number, tMs: number, dtS: number, faults: FaultSet): void {
  const model = s.job.model!;
  const tick = Math.floor(tMs / 15_000);
  const n = unitRandom(seed, `inf:${s.job.id}:${tick}`);
  const load = 0.3 + 0.7 * dailyRhythm(tMs);
  const rps = (model.llm ? 12 : 180) * load * (0.9 + 0.2 * n);
  const spike = faults.has("latency-spike", model.name, tMs) ? 10 : 1;
  const median = (model.llm ? 0.12 : 0.03) * (0.8 + 0.6 * load) * spike;
  const requests = rps * dtS;
  s.requests += requests;
  observe(s.latency, requests, median, 0.5);
  s.errors.timeout += requests * (spike > 1 ? 0.05 : 0.0005);
  s.errors.invalid_input += requests * 0.001;
  s.errors.oom += faults.has("memory-leak", model.name, tMs) ? requests * 0.01 : 0;
  s.queueDepth = Math.round(rps * median * 4 * (spike > 1 ? 8 : 1));
  const drift = faults.find("accuracy-drift", model.name, tMs);
  const drop = drift ? Math.min(0.25, ((tMs - drift.sinceMs) / 600_000) * 0.1) : 0;
  s.accuracy = Math.round((0.94 - 0.01 * n - drop) * 10000) / 10000;
  if (!model.llm) return;
  observe(s.ttft, requests, 0.08 * spike * (0.8 + 0.6 * load), 0.6);
  observe(s.tpot, requests * 180, 0.022 * (0.9 + 0.3 * load), 0.3);
  observe(s.e2e, requests, 4 * (0.8 + 0.5 * load) * spike, 0.5);
  s.promptTokens += requests * 650;
  s.generationTokens += requests * 180;
  s.running = Math.round(rps * 4);
  s.waiting = Math.round(Math.max(0, rps - 9) * 3 * spike);
  s.cacheUsage = Math.round(Math.min(0.99, 0.35 + 0.5 * load) * 1000) / 1000;
}

export interface TrainingState {
  job: Job;
  loss: number;
  samplesPerSecond: number;
  bubbleRatio: number;
  learningRate: number;
  gradientNorm: number;
  epoch: number;
  step: Histogram;
  gradientSync: Histogram[];
  checkpoint: Histogram;
  dataloaderWait: Histogram;
}

export function newTraining(job: Job): TrainingState {
  return {
    job,
    loss: 0,
    samplesPerSecond: 0,
    bubbleRatio: 0,
    learningRate: 0,
    gradientNorm: 0,
    epoch: 0,
    step: newHistogram(STEP_BUCKETS),
    gradientSync: job.gpuIndices.map(() => newHistogram(SYNC_BUCKETS)),
    checkpoint: newHistogram(CHECKPOINT_BUCKETS),
    dataloaderWait: newHistogram(LOADER_BUCKETS),
  };
}

/** Loss falls with noise; a straggler rank slows everyone's gradient sync and throughput. */
export function stepTraining(s: TrainingState, seed: number, tMs: number, dtS: number, faults: FaultSet, idle: boolean): void {
  const hours = Math.max(0, (tMs - s.job.startMs) / 3_600_000);
  const tick = Math.floor(tMs / 15_000);
  const n = unitRandom(seed, `train:${s.job.id}:${tick}`);
  const straggler = faults.has("straggler", s.job.hostname, tMs);
  s.loss = Math.round((0.9 + 2.6 * Math.exp(-hours / 1.5) + 0.05 * (n - 0.5)) * 10000) / 10000;
  const stepMedian = straggler ? 1.6 : 0.55;
  const stepsPerS = idle ? 0 : 1 / stepMedian;
  s.samplesPerSecond = Math.round(stepsPerS * 256 * s.job.gpuIndices.length * (0.95 + 0.1 * n));
  s.bubbleRatio = Math.round((0.08 + 0.04 * n + (straggler ? 0.3 : 0)) * 1000) / 1000;
  s.learningRate = 3e-4 * Math.max(0.1, 1 - hours / 24);
  s.gradientNorm = Math.round((1.2 + 0.6 * n) * 1000) / 1000;
  s.epoch = Math.floor(hours / 2);
  const steps = stepsPerS * dtS;
  observe(s.step, steps, stepMedian, 0.15);
  s.gradientSync.forEach((h, rank) => observe(h, steps, straggler && rank === s.gradientSync.length - 1 ? 0.9 : 0.06, 0.3));
  observe(s.dataloaderWait, steps, 0.004, 0.8);
  observe(s.checkpoint, dtS / 1800, 45, 0.3);
}
