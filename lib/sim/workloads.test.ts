import { describe, expect, it } from "vitest";
import { FaultSet } from "./faults";
import type { Histogram } from "./histogram";
import type { Job } from "./schedule";
import { newInference, stepInference } from "./workloads";

/** Prometheus' histogram_quantile over cumulative buckets: linear within the bucket; past the top finite bound, that bound. */
function quantile(q: number, h: Histogram): number {
  const rank = q * h.count;
  let lower = 0;
  let below = 0;
  for (let i = 0; i < h.bounds.length; i++) {
    if (h.buckets[i]! >= rank) return lower + ((h.bounds[i]! - lower) * (rank - below)) / (h.buckets[i]! - below);
    lower = h.bounds[i]!;
    below = h.buckets[i]!;
  }
  return h.bounds[h.bounds.length - 1]!;
}

const job: Job = { id: "j", name: "llama", kind: "serving", team: "inference", namespace: "inference", cluster: "us-east", hostname: "n1", gpuIndices: [0], startMs: 0, endMs: Infinity, model: { name: "llama", version: "v1", llm: true } };

/** The p99 over a day of 15 s steps at the model's busiest hour. */
function worstP99(faults: FaultSet): number {
  let worst = 0;
  for (let hour = 0; hour < 24; hour++) {
    const s = newInference(job);
    for (let i = 0; i < 20; i++) stepInference(s, 42, hour * 3_600_000 + i * 15_000, 15, faults);
    worst = Math.max(worst, quantile(0.99, s.latency));
  }
  return worst;
}

describe("the simulated model servers against the 1 s latency objective", () => {
  it("a healthy LLM server keeps its p99 under the objective all day (no InferenceLatencyHigh on a fleet with no fault)", () => {
    const p99 = worstP99(new FaultSet());
    expect(p99).toBeLessThan(1);
    // Why InferenceLatencyHigh, critical at 0.5 s, never cleared on a healthy demo fleet: its busiest hours cross that line.
    expect(p99).toBeGreaterThan(0.5);
  });

  it("a latency spike takes the p99 over the objective, into a bucket of its own (it does not stop at the top bound)", () => {
    const faults = new FaultSet();
    faults.add({ name: "latency-spike", target: "llama" }, 0);
    const p99 = worstP99(faults);
    expect(p99).toBeGreaterThan(1);
    expect(p99).toBeLessThan(10);
  });
});
