import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MatrixSchema, successEnvelope } from "@/lib/prom/schemas";
import { formatLegend, labelsToString, matrixToSeries, seriesStats } from "./matrix-to-series";

const captured = successEnvelope(MatrixSchema).parse(
  JSON.parse(readFileSync(path.join(import.meta.dirname, "../prom/fixtures/query-range-gpu-util.json"), "utf8")),
).data;

describe("matrixToSeries (captured Prometheus answer)", () => {
  const series = matrixToSeries(captured, { stepSeconds: 15, legend: "{{Hostname}} GPU {{gpu}}" });

  it("makes one series per result, named by the legend template", () => {
    expect(series.map((s) => s.name).sort()).toEqual(["demo-gpu-001 GPU 0", "demo-gpu-001 GPU 1"]);
  });

  it("converts seconds to milliseconds and string values to numbers", () => {
    const first = captured.result[0];
    const s = series.find((x) => x.labels.gpu === first?.metric.gpu);
    expect(s?.points[0]).toEqual([Math.round((first?.values[0]?.[0] ?? 0) * 1000), Number(first?.values[0]?.[1])]);
    expect(s?.points).toHaveLength(first?.values.length ?? -1);
  });

  it("uses Prometheus' series notation as the stable id", () => {
    expect(series[0]?.id).toMatch(/^DCGM_FI_DEV_GPU_UTIL\{DCGM_FI_DRIVER_VERSION="550\.54\.15", Hostname="demo-gpu-001"/);
  });
});

describe("several queries in one panel", () => {
  it("keep ids apart when their label sets are the same", () => {
    const m = { resultType: "matrix" as const, result: [{ metric: { Hostname: "n1" }, values: [[0, "1"]] as [number, string][] }] };
    const a = matrixToSeries(m, { stepSeconds: 15, queryRef: "A" });
    const b = matrixToSeries(m, { stepSeconds: 15, queryRef: "B" });
    expect(a[0]?.id).not.toBe(b[0]?.id);
  });
});

describe("gaps and special values", () => {
  const matrix = {
    resultType: "matrix" as const,
    result: [{ metric: { __name__: "m", gpu: "0" }, values: [[0, "1"], [15, "NaN"], [60, "+Inf"], [75, "2"]] as [number, string][] }],
  };

  it("breaks the line at missing steps and at NaN/Inf", () => {
    const [s] = matrixToSeries(matrix, { stepSeconds: 15 });
    expect(s?.points).toEqual([
      [0, 1],
      [15_000, null],
      [30_000, null],
      [60_000, null],
      [75_000, 2],
    ]);
  });

  it("summarises last / max / mean over the numeric points", () => {
    const [s] = matrixToSeries(matrix, { stepSeconds: 15 });
    expect(seriesStats(s!)).toEqual({ last: 2, max: 2, mean: 1.5 });
  });
});

describe("legend formatting", () => {
  it("fills Grafana templates and leaves unknown labels empty", () => {
    expect(formatLegend("{{ Hostname }}/{{gpu}}/{{nope}}", { Hostname: "n1", gpu: "3" })).toBe("n1/3/");
  });

  it("falls back to the series notation, sorted, without __name__ inside", () => {
    expect(labelsToString({ __name__: "up", job: "dcgm", instance: "a:1" })).toBe('up{instance="a:1", job="dcgm"}');
    expect(labelsToString({})).toBe("{}");
  });
});
