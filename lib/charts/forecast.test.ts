import { describe, expect, it } from "vitest";
import captured from "@/lib/prom/fixtures/predict-linear-fb-used.json";
import { forecastSeries, linearFit } from "./forecast";
import type { Series } from "./matrix-to-series";

describe("linearFit", () => {
  it("agrees with Prometheus' predict_linear on the same raw samples", () => {
    // predict_linear(DCGM_FI_DEV_FB_USED{…}[10m], 150) evaluated by the demo Prometheus at `time`.
    const points = captured.samples.data.result[0]!.values.map(([t, v]) => [Math.round(Number(t) * 1000), Number(v)] as [number, number]);
    const fit = linearFit(points, captured.time * 1000)!;
    const expected = Number(captured.predicted.data.result[0]!.value[1]);
    expect(fit.valueAt(captured.time * 1000 + 150_000)).toBeCloseTo(expected, 3);
  });

  it("needs two distinct times", () => {
    expect(linearFit([[0, 1]], 0)).toBeNull();
    expect(linearFit([[0, 1], [0, 2]], 0)).toBeNull();
    expect(linearFit([[0, 1], [1000, null], [2000, 3]], 0)!.slopePerMs).toBeCloseTo(0.001);
  });
});

describe("forecastSeries", () => {
  it("draws from the last point of the window to a quarter of the range ahead", () => {
    const s: Series = { id: "a", name: "a", labels: {}, points: [[0, 0], [1000, 10], [2000, 20], [3000, null]] };
    const [f] = forecastSeries([s], { fromMs: 0, toMs: 4000 }, 1000);
    expect(f!.id).toBe("forecast:a");
    expect(f!.points).toEqual([
      [2000, 20],
      [5000, 50],
    ]);
    expect(forecastSeries([{ ...s, points: [[0, 1]] }], { fromMs: 0, toMs: 4000 }, 1000)).toEqual([]);
  });
});
