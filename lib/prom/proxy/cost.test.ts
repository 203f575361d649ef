import { describe, expect, it } from "vitest";
import { costShape, estimateSamples, pointsOf } from "./cost";

const DAY = 86_400;
const range = (spanSeconds: number, stepSeconds: number) => ({ spanSeconds, stepSeconds, scrapeIntervalSeconds: 15 });
const instant = { spanSeconds: 0, stepSeconds: 0, scrapeIntervalSeconds: 15 };

describe("costShape: points per series of every selector", () => {
  it("a subquery bomb: [1s:1ms] over a day steps 86.4 million times", () => {
    const shape = costShape("max_over_time(DCGM_FI_DEV_GPU_UTIL[1s:1ms])", range(DAY, 8));
    expect(shape.subqueries).toEqual([{ text: "[1s:1ms]", stepSeconds: 0.001 }]);
    expect(shape.selectors).toEqual([{ selector: "DCGM_FI_DEV_GPU_UTIL", steps: 86_401_001, windowSamples: 0 }]);
  });

  it("a dashboard's rate over 24 h at a 60 s step: its steps plus its window", () => {
    const shape = costShape('sum by (cluster) (rate(DCGM_FI_PROF_PIPE_TENSOR_ACTIVE{team="a"}[5m]))', range(DAY, 60));
    expect(shape.selectors).toEqual([{ selector: 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE{team="a"}', steps: 1441, windowSamples: 20 }]);
    expect(shape.subqueries).toEqual([]);
  });

  it("instant queries step once; nested subqueries widen the span; @ pins a selector to one step; the default subquery step is the evaluation interval", () => {
    expect(costShape("avg_over_time(x[7d])", instant).selectors).toEqual([{ selector: "x", steps: 1, windowSamples: 40_320 }]);
    const nested = costShape("max_over_time(rate(y[5m])[1h:])", range(3600, 60)).selectors[0]!;
    expect(nested).toEqual({ selector: "y", steps: 121, windowSamples: 20 });
    expect(costShape("z @ end()", range(3600, 60)).selectors[0]!.steps).toBe(1);
    expect(costShape("x[5m:30s] offset 1h", instant).subqueries).toEqual([{ text: "[5m:30s]", stepSeconds: 30 }]);
  });
});

describe("estimateSamples", () => {
  it("a bare name regex over 7 days at the 11,000-point cap: every DCGM series × 11,000", () => {
    const shape = costShape('{__name__=~"DCGM.+"}', range(7 * DAY, 55));
    // 8,192 GPUs × 30 DCGM metrics.
    const estimate = estimateSamples(shape, () => 245_760);
    expect(estimate.samples).toBe(245_760 * 10_997);
    expect(estimate.worst).toEqual({ selector: '{__name__=~"DCGM.+"}', series: 245_760, points: 10_997 });
  });

  it("sums selectors, each by its own series count", () => {
    const shape = costShape("a / on() group_left b", range(600, 60));
    const estimate = estimateSamples(shape, (s) => (s === "a" ? 100 : 2));
    expect(shape.selectors.map(pointsOf)).toEqual([11, 11]);
    expect(estimate.samples).toBe(1_100 + 22);
    expect(estimate.worst?.selector).toBe("a");
  });
});
