import { describe, expect, it } from "vitest";
import type { Series } from "./matrix-to-series";
import { timeSeriesOption } from "./time-series-option";

const series: Series[] = [
  { id: "a", name: "GPU 0", labels: {}, points: [[0, 10], [15_000, 20]] },
  { id: "b", name: "GPU 1", labels: {}, points: [[0, 30], [15_000, null]] },
];

describe("timeSeriesOption", () => {
  const option = timeSeriesOption({
    series,
    unit: "percent",
    thresholds: [{ value: 70, color: "#f2cc0c" }],
    min: 0,
    max: 100,
    fromMs: 0,
    toMs: 60_000,
  });
  const lines = option.series as { id: string; data: unknown; markLine?: { data: unknown[] }; connectNulls: boolean }[];

  it("draws one line per series with its points, never bridging gaps", () => {
    expect(lines.map((l) => l.id)).toEqual(["a", "b"]);
    expect(lines[1]?.data).toEqual([[0, 30], [15_000, null]]);
    expect(lines.every((l) => l.connectNulls === false)).toBe(true);
  });

  it("draws thresholds once, as dashed lines", () => {
    expect(lines[0]?.markLine?.data).toEqual([{ yAxis: 70, lineStyle: { color: "#f2cc0c", type: "dashed", width: 1 } }]);
    expect(lines[1]?.markLine).toBeUndefined();
  });

  it("shows the whole requested window and the unit on the axis", () => {
    expect(option.xAxis).toMatchObject({ type: "time", min: 0, max: 60_000 });
    const yAxis = option.yAxis as { min: number; max: number; axisLabel: { formatter: (v: number) => string } };
    expect(yAxis.min).toBe(0);
    expect(yAxis.axisLabel.formatter(70)).toBe("70%");
    expect(option.animation).toBe(false);
  });

  it("leaves hidden series out but keeps the others' colours", () => {
    const visible = timeSeriesOption({ series, unit: "percent", fromMs: 0, toMs: 1, hidden: new Set(["a"]) });
    const only = visible.series as { id: string; color: string }[];
    expect(only.map((l) => l.id)).toEqual(["b"]);
    expect(only[0]?.color).toBe((lines[1] as unknown as { color: string }).color);
  });
});

describe("the forecast overlay", () => {
  it("adds a dashed line per visible series in its colour and extends the axis to its end", async () => {
    const { timeSeriesOption } = await import("./time-series-option");
    const series = [
      { id: "a", name: "a", labels: {}, points: [[0, 1], [1000, 2]] as [number, number | null][] },
      { id: "b", name: "b", labels: {}, points: [[0, 5], [1000, 5]] as [number, number | null][] },
    ];
    const forecast = [
      { id: "forecast:a", name: "a (forecast)", labels: {}, points: [[1000, 2], [1500, 2.5]] as [number, number | null][] },
      { id: "forecast:b", name: "b (forecast)", labels: {}, points: [[1000, 5], [1500, 5]] as [number, number | null][] },
    ];
    const option = timeSeriesOption({ series, unit: "none", fromMs: 0, toMs: 1000, forecast, hidden: new Set(["b"]) });
    const lines = option.series as { id: string; color: string; lineStyle: { type?: string } }[];
    expect(lines.map((l) => l.id)).toEqual(["a", "forecast:a"]);
    expect(lines[1]!.lineStyle.type).toBe("dashed");
    expect(lines[1]!.color).toBe(lines[0]!.color);
    expect((option.xAxis as { max: number }).max).toBe(1500);
  });
});

describe("annotations on a time series", () => {
  it("draws points as dashed lines and ranges as bands, beside thresholds and alert bands, only inside the window", async () => {
    const { timeSeriesOption, annotationMarks } = await import("./time-series-option");
    const series = [{ id: "a", name: "a", labels: {}, points: [[0, 1], [10_000, 2]] as [number, number | null][] }];
    const annotations = [
      { startsAt: 5_000, endsAt: null, text: "deploy" },
      { startsAt: -5_000, endsAt: 2_000, text: "maintenance" },
      { startsAt: 20_000, endsAt: null, text: "later" },
    ];
    const option = timeSeriesOption({ series, unit: "none", fromMs: 0, toMs: 10_000, thresholds: [{ value: 1.5, color: "red" }], annotations });
    const first = (option.series as { markLine: { data: { xAxis?: number; yAxis?: number; name?: string }[] }; markArea: { data: { xAxis: number; name?: string }[][] } }[])[0]!;
    expect(first.markLine.data.map((d) => d.yAxis ?? d.name)).toEqual([1.5, "deploy"]);
    expect(first.markArea.data).toHaveLength(1);
    expect(first.markArea.data[0]!.map((p) => p.xAxis)).toEqual([0, 2_000]);
    expect(annotationMarks(annotations, 0, 10_000).lines).toHaveLength(1);
  });
});

describe("silence bands on a time series", () => {
  it("adds a hatched band per silence after the alert bands", async () => {
    const { timeSeriesOption } = await import("./time-series-option");
    const series = [{ id: "a", name: "a", labels: {}, points: [[0, 1], [10_000, 2]] as [number, number | null][] }];
    const hatch = { image: "pattern", repeat: "repeat" };
    const option = timeSeriesOption({ series, unit: "none", fromMs: 0, toMs: 10_000, silences: [{ fromMs: 1_000, toMs: 4_000, comment: "fans" }], silencePattern: hatch });
    const area = (option.series as { markArea: { data: { xAxis: number; name?: string; itemStyle?: { color: unknown } }[][] } }[])[0]!.markArea.data;
    expect(area).toEqual([[{ xAxis: 1_000, name: "fans", itemStyle: { color: hatch } }, { xAxis: 4_000 }]]);
  });
});

describe("areas and stacking", () => {
  it("fills to zero and stacks when asked, never the forecast", async () => {
    const { timeSeriesOption } = await import("./time-series-option");
    const series = [
      { id: "a", name: "a", labels: {}, points: [[0, 1], [1000, 2]] as [number, number | null][] },
      { id: "b", name: "b", labels: {}, points: [[0, 3], [1000, 4]] as [number, number | null][] },
    ];
    const option = timeSeriesOption({ series, unit: "none", fromMs: 0, toMs: 1000, style: "area", stack: true, forecast: [{ id: "forecast:a", name: "f", labels: {}, points: [[1000, 2], [1250, 2.5]] }] });
    const lines = option.series as { id: string; stack?: string; areaStyle?: object }[];
    expect(lines.map((l) => [l.id, l.stack ?? null, Boolean(l.areaStyle)])).toEqual([
      ["a", "total", true],
      ["b", "total", true],
      ["forecast:a", null, false],
    ]);
    expect((timeSeriesOption({ series, unit: "none", fromMs: 0, toMs: 1000 }).series as { stack?: string }[])[0]!.stack).toBeUndefined();
  });
});

