import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseQuery } from "./query";
import { evaluateShards, leafKey, queryGrid } from "./shard-eval";
import { bucketQuantile } from "./shard-functions";
import { ShardEvalError, type ShardData } from "./shard-values";
import { planShards } from "./shard-plan";

/** A real answer of the test fleet (16 GPUs on two nodes), split as two hashmod shards would hold it: one node each. */
type Vector = Extract<ShardData, { resultType: "vector" }>;
const captured = JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/query-vector-gpu-util.json"), "utf8")).data as Vector;
const T = captured.result[0]!.value[0];
const grid = queryGrid({ instant: true, timeMs: Math.round(T * 1000) });
const halves = ["us-east-gpu-001", "us-east-gpu-002"].map((host): Vector => ({ resultType: "vector", result: captured.result.filter((s) => s.metric.Hostname === host) }));
const values = (v: Vector) => v.result.map((s) => Number(s.value[1]));
const vector = (rows: [Record<string, string>, number][]): Vector => ({ resultType: "vector", result: rows.map(([metric, v]) => ({ metric, value: [T, String(v)] })) });

function run(expr: string, answers: Record<string, ShardData[]>) {
  const map = new Map(Object.entries(answers).map(([e, a]) => [leafKey(e, grid), a]));
  return evaluateShards(planShards(parseQuery(expr)), { grid, answers: map });
}
const rows = (r: ReturnType<typeof run>) => (r.data as Vector).result.map((s) => [s.metric, Number(s.value[1])]);

describe("evaluating the shards' answers as one Prometheus would", () => {
  it("joins the shards' series: both halves, each once", () => {
    const r = run("DCGM_FI_DEV_GPU_UTIL", { DCGM_FI_DEV_GPU_UTIL: halves });
    expect(rows(r)).toHaveLength(16);
    expect(new Set((r.data as Vector).result.map((s) => JSON.stringify(s.metric)))).toEqual(new Set(captured.result.map((s) => JSON.stringify(s.metric))));
    expect(r.warnings).toEqual([]);
  });

  it("avg from the shards' sums and counts equals the average of all 16", () => {
    const all = values(captured);
    const r = run("avg by (cluster) (DCGM_FI_DEV_GPU_UTIL)", {
      "sum by (cluster) (DCGM_FI_DEV_GPU_UTIL)": halves.map((h) => vector([[{ cluster: "us-east" }, values(h).reduce((a, b) => a + b, 0)]])),
      "count by (cluster) (DCGM_FI_DEV_GPU_UTIL)": halves.map((h) => vector([[{ cluster: "us-east" }, h.result.length]])),
    });
    expect(rows(r)).toEqual([[{ cluster: "us-east" }, all.reduce((a, b) => a + b, 0) / all.length]]);
  });

  it("topk: the top 3 of the shards' top 3s, with their own labels", () => {
    const top = (v: Vector) => ({ resultType: "vector" as const, result: [...v.result].sort((a, b) => Number(b.value[1]) - Number(a.value[1])).slice(0, 3) });
    const r = run("topk(3, DCGM_FI_DEV_GPU_UTIL)", { "topk(3, DCGM_FI_DEV_GPU_UTIL)": halves.map(top) });
    expect(rows(r).map((x) => x[1])).toEqual(values(top(captured)));
    expect((r.data as Vector).result.map((s) => s.metric)).toEqual(top(captured).result.map((s) => s.metric));
  });

  it("quantile over the joined series: the median of 16 is the mean of the 8th and 9th", () => {
    const sorted = values(captured).sort((a, b) => a - b);
    expect(rows(run("quantile(0.5, DCGM_FI_DEV_GPU_UTIL)", { DCGM_FI_DEV_GPU_UTIL: halves }))).toEqual([[{}, (sorted[7]! + sorted[8]!) / 2]]);
  });

  it("vector matching: group_left copies the labels asked for; bool drops the name; or fills an empty side", () => {
    const a = vector([[{ __name__: "util", gpu: "0", node: "n1" }, 50], [{ __name__: "util", gpu: "1", node: "n1" }, 70]]);
    const b = vector([[{ __name__: "gpu_job_info", gpu: "0", job: "train" }, 1]]);
    expect(rows(run("util * on (gpu) group_left (job) gpu_job_info", { util: [a], gpu_job_info: [b] }))).toEqual([[{ gpu: "0", node: "n1", job: "train" }, 50]]);
    expect(rows(run("(util * on (gpu) group_left (job) gpu_job_info) > bool 60", { util: [a], gpu_job_info: [b] }))).toEqual([[{ gpu: "0", node: "n1", job: "train" }, 0]]);
    expect(rows(run("util > on (gpu) group_left gpu_job_info", { util: [a], gpu_job_info: [b] }))).toEqual([[{ __name__: "util", gpu: "0", node: "n1" }, 50]]);
    expect(rows(run("count(util > 90) or vector(0)", { "count(util > 90)": [vector([]), vector([])] }))).toEqual([[{}, 0]]);
  });

  it("a match group with two series on the one side is Prometheus' many-to-many error", () => {
    const a = vector([[{ __name__: "util", gpu: "0", node: "n1" }, 50]]);
    const b = vector([[{ __name__: "temp", gpu: "0", node: "n1" }, 40], [{ __name__: "temp", gpu: "0", node: "n2" }, 41]]);
    expect(() => run("util * on (gpu) temp", { util: [a], temp: [b] })).toThrow(ShardEvalError);
    expect(() => run("util * on (gpu) temp", { util: [a], temp: [b] })).toThrow(/many-to-many matching not allowed/);
  });

  it("a series two shards both answered is shown once, with a warning (the shards' targets overlap)", () => {
    const r = run("fleet:gpus:count", { "fleet:gpus:count": [vector([[{ __name__: "fleet:gpus:count" }, 16]]), vector([[{ __name__: "fleet:gpus:count" }, 16]])] });
    expect(rows(r)).toEqual([[{ __name__: "fleet:gpus:count" }, 16]]);
    expect(r.warnings.join(" ")).toMatch(/answered by more than one shard/);
  });

  it("histogram quantiles from classic buckets, as promql/quantile.go", () => {
    // 10 in (0, 0.1], 10 in (0.1, 0.5], none above: the median is the top of the first bucket.
    expect(bucketQuantile(0.5, [{ le: 0.1, count: 10 }, { le: 0.5, count: 20 }, { le: Infinity, count: 20 }])).toBeCloseTo(0.1);
    expect(bucketQuantile(0.75, [{ le: 0.1, count: 10 }, { le: 0.5, count: 20 }, { le: Infinity, count: 20 }])).toBeCloseTo(0.3);
    // Above every finite bucket: the highest finite bound.
    expect(bucketQuantile(0.99, [{ le: 0.1, count: 10 }, { le: Infinity, count: 20 }])).toBe(0.1);
    expect(bucketQuantile(0.5, [{ le: 0.1, count: 10 }])).toBeNaN();
  });
});

describe("ranges", () => {
  it("`or vector(0)` over a range fills the steps the left lacks, as one series", () => {
    const range = queryGrid({ instant: false, startMs: 0, endMs: 20_000, stepMs: 10_000 });
    const counted = { resultType: "matrix" as const, result: [{ metric: {}, values: [[10, "3"]] as [number, string][] }] };
    const answers = new Map([[leafKey("count(up > 0)", range), [counted, { resultType: "matrix" as const, result: [] }]]]);
    const r = evaluateShards(planShards(parseQuery("count(up > 0) or vector(0)")), { grid: range, answers });
    expect((r.data as { result: unknown[] }).result).toEqual([{ metric: {}, values: [[0, "0"], [10, "3"], [20, "0"]] }]);
  });
});
