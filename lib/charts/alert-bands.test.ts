import { describe, expect, it } from "vitest";
import type { AlertInterval } from "@/lib/alerting/alert-intervals";
import { alertBands } from "./alert-bands";
import type { Series } from "./matrix-to-series";
import { timeSeriesOption } from "./time-series-option";

const interval = (labels: Record<string, string>, state: "pending" | "firing", severity = "warning"): AlertInterval => ({
  alertname: labels.alertname ?? "A",
  state,
  severity,
  labels,
  fromMs: 1000,
  toMs: 5000,
});
const series: Series[] = [
  { id: "a", name: "n1 GPU 0", labels: { Hostname: "n1", gpu: "0" }, points: [[0, 1]] },
  { id: "b", name: "n1 GPU 1", labels: { Hostname: "n1", gpu: "1" }, points: [[0, 2]] },
];

describe("alertBands", () => {
  it("keeps the alerts that concern the panel's series, naming them", () => {
    const bands = alertBands(
      [interval({ alertname: "T", Hostname: "n1", gpu: "1" }, "firing", "critical"), interval({ alertname: "N", Hostname: "n1" }, "pending"), interval({ alertname: "Other", Hostname: "n9" }, "firing")],
      series,
    );
    expect(bands.map((b) => [b.interval.alertname, b.seriesNames])).toEqual([
      ["T", ["n1 GPU 1"]],
      ["N", ["n1 GPU 0", "n1 GPU 1"]],
    ]);
    expect(bands[0]?.color).toBe("rgba(242, 73, 92, 0.22)");
    expect(bands[1]?.color).toBe("rgba(255, 152, 48, 0.1)");
  });

  it("draws the same alert over the same interval once, however many series it concerns", () => {
    const perGpu = [interval({ alertname: "T", Hostname: "n1", gpu: "0" }, "firing"), interval({ alertname: "T", Hostname: "n1", gpu: "1" }, "firing")];
    const bands = alertBands(perGpu, series);
    expect(bands).toHaveLength(1);
    expect(bands[0]?.seriesNames).toEqual(["n1 GPU 0", "n1 GPU 1"]);
  });

  it("puts firing bands first, then the most recent", () => {
    const older = { ...interval({ alertname: "Old", Hostname: "n1" }, "firing"), fromMs: 0, toMs: 10 };
    const pending = { ...interval({ alertname: "P", Hostname: "n1" }, "pending"), fromMs: 50, toMs: 90 };
    const newer = { ...interval({ alertname: "New", Hostname: "n1" }, "firing"), fromMs: 20, toMs: 40 };
    expect(alertBands([older, pending, newer], series).map((b) => b.interval.alertname)).toEqual(["New", "Old", "P"]);
  });

  it("become markArea bands on the chart", () => {
    const bands = alertBands([interval({ alertname: "T", Hostname: "n1", gpu: "0" }, "firing")], series);
    const option = timeSeriesOption({ series, unit: "percent", fromMs: 0, toMs: 10_000, bands });
    const first = (option.series as { markArea?: { data: unknown[] } }[])[0];
    expect(first?.markArea?.data).toEqual([[{ xAxis: 1000, itemStyle: { color: "rgba(255, 152, 48, 0.22)" } }, { xAxis: 5000 }]]);
  });
});
