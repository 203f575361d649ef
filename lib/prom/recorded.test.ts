import { describe, expect, it } from "vitest";
import { coverageTolerance, longRawNames, planCoverage, promDurationSeconds, recordedNames, recordedReads } from "./recorded";

const HOUR = 3600;
const DAY = 86400;

describe("recordedReads", () => {
  it("finds each recorded selector with how far back it reads", () => {
    expect(recordedReads("sum by (team) (sum_over_time(team:gpus_allocated:count[7d:1m])) / 60")).toEqual([{ name: "team:gpus_allocated:count", lookbackSeconds: 7 * DAY }]);
    expect(recordedReads("100 * avg(avg_over_time((ml:inference_latency_p99:5m < bool 1)[1d:1m]))")).toEqual([{ name: "ml:inference_latency_p99:5m", lookbackSeconds: DAY }]);
    expect(recordedReads('sum(cluster:gpus_idle_allocated:count{cluster=~"a|b"})')).toEqual([{ name: "cluster:gpus_idle_allocated:count", lookbackSeconds: 0 }]);
  });

  it("adds nested ranges and offsets, and leaves out names without a colon", () => {
    expect(recordedReads("max_over_time(rate(a:b:c[5m] offset 1h)[1d:5m]) + rate(DCGM_FI_PROF_PIPE_TENSOR_ACTIVE[5m])")).toEqual([{ name: "a:b:c", lookbackSeconds: 300 + HOUR + DAY }]);
    expect(recordedReads("a:b:c offset -1h")).toEqual([{ name: "a:b:c", lookbackSeconds: 0 }]);
    expect(recordedReads("avg(DCGM_FI_DEV_GPU_UTIL)")).toEqual([]);
    // Pinned with @: the objective now, whatever instant of the day the subquery is at.
    expect(recordedReads("avg_over_time((a:b:c < bool on (m) group_left () (o:b:j @ end()))[1d:1m])")).toEqual([
      { name: "a:b:c", lookbackSeconds: DAY },
      { name: "o:b:j", lookbackSeconds: 0 },
    ]);
  });

  it("reads nothing from an expression that does not parse", () => {
    expect(recordedReads("sum(team:gpus_allocated:count[7d:1m]")).toEqual([]);
  });

  it("lists the names to ask about once, sorted", () => {
    expect(recordedNames(["b:x:y + a:x:y", "a:x:y[5m]", "up"])).toEqual(["a:x:y", "b:x:y"]);
  });

  it("parses Prometheus durations", () => {
    expect(promDurationSeconds("1h30m")).toBe(5400);
    expect(promDurationSeconds("7d")).toBe(7 * DAY);
    expect(promDurationSeconds("90")).toBe(90);
    expect(promDurationSeconds("7x")).toBeNull();
  });
});

describe("planCoverage", () => {
  const now = 1_780_000_000;
  const gpuHours = {
    expr: "sum by (team) (sum_over_time(team:gpus_allocated:count[7d:1m])) / 60",
    raw: 'sum by (team) (sum_over_time(count by (cluster, team) (DCGM_FI_DEV_GPU_UTIL{team!=""})[7d:1m])) / 60',
  };

  it("runs the recorded query when its series began before the window", () => {
    expect(planCoverage(gpuHours, now, now, { "team:gpus_allocated:count": (now - 8 * DAY) * 1000 })).toEqual({ expr: gpuHours.expr, usedRaw: false, partialSinceMs: null });
  });

  it("runs the raw equivalent when the recording rule started inside the window (a fresh install)", () => {
    // The rule started 2 hours ago: a 7-day sum of it would be 1 % of the week.
    expect(planCoverage(gpuHours, now, now, { "team:gpus_allocated:count": (now - 2 * HOUR) * 1000 })).toEqual({ expr: gpuHours.raw, usedRaw: true, partialSinceMs: null });
  });

  it("says since when a figure covers when there is no raw equivalent", () => {
    const since = (now - 2 * HOUR) * 1000;
    expect(planCoverage({ expr: gpuHours.expr }, now, now, { "team:gpus_allocated:count": since })).toEqual({ expr: gpuHours.expr, usedRaw: false, partialSinceMs: since, partialBecause: "rule" });
  });

  it("counts a rule with no samples yet as covering nothing", () => {
    expect(planCoverage({ expr: gpuHours.expr }, now, now, { "team:gpus_allocated:count": null }).partialSinceMs).toBe(now * 1000);
  });

  it("tolerates a gap under 1 % of the window (or 5 minutes), not more", () => {
    const window = 7 * DAY;
    const justInside = (now - window + coverageTolerance(window) - 1) * 1000;
    const justOutside = (now - window + coverageTolerance(window) + 60) * 1000;
    expect(planCoverage(gpuHours, now, now, { "team:gpus_allocated:count": justInside }).usedRaw).toBe(false);
    expect(planCoverage(gpuHours, now, now, { "team:gpus_allocated:count": justOutside }).usedRaw).toBe(true);
    expect(coverageTolerance(HOUR)).toBe(300);
  });

  it("reaches from a range query's start, and ignores names the server does not know as rules", () => {
    const q = { expr: 'sum by (team) (team:gpus_allocated:count{cluster=~".*"})', raw: "raw" };
    const horizons = { "team:gpus_allocated:count": (now - DAY) * 1000 };
    expect(planCoverage(q, now - 7 * DAY, now, horizons).usedRaw).toBe(true);
    expect(planCoverage(q, now - HOUR, now, horizons).usedRaw).toBe(false);
    expect(planCoverage({ expr: "sum(vllm:num_requests_running)" }, now - 7 * DAY, now, horizons).partialSinceMs).toBeNull();
  });

  it("says the raw equivalent covers only since its series begin, where the raw history is younger than the window too", () => {
    const rule = { "team:gpus_allocated:count": (now - 2 * HOUR) * 1000 };
    // 4 days of raw history for a 7-day figure: the raw equivalent runs, and says since when it covers.
    const fourDays = (now - 4 * DAY) * 1000;
    expect(planCoverage(gpuHours, now, now, rule, { DCGM_FI_DEV_GPU_UTIL: fourDays })).toEqual({ expr: gpuHours.raw, usedRaw: true, partialSinceMs: fourDays, partialBecause: "data" });
    // A week and more of it: covered.
    expect(planCoverage(gpuHours, now, now, rule, { DCGM_FI_DEV_GPU_UTIL: (now - 8 * DAY) * 1000 }).partialSinceMs).toBeNull();
    // A short look-back (rate over 5 minutes) is no window to cover.
    expect(planCoverage({ expr: "sum(rate(DCGM_FI_PROF_PIPE_TENSOR_ACTIVE[5m]))" }, now, now, {}, { DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: (now - 60) * 1000 }).partialSinceMs).toBeNull();
  });

  it("asks for the first samples of the raw names read over an hour or more", () => {
    expect(longRawNames([gpuHours.raw, "sum(rate(x_total[5m]))", "avg_over_time(up[1d])"])).toEqual(["DCGM_FI_DEV_GPU_UTIL", "up"]);
  });
});
