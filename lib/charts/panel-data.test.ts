import { describe, expect, it } from "vitest";
import byModel from "@/lib/prom/fixtures/query-vector-by-model.json";
import temp from "@/lib/prom/fixtures/query-vector-gpu-temp.json";
import util from "@/lib/prom/fixtures/query-vector-gpu-util.json";
import rangeFixture from "@/lib/prom/fixtures/query-range-gpu-util.json";
import migVector from "@/lib/prom/fixtures/query-vector-mig-instances.json";
import { VectorSchema, MatrixSchema } from "@/lib/prom/schemas";
import { csvField, seriesToCsv, tableToCsv, vectorToCsv } from "./csv";
import { matrixToSeries } from "./matrix-to-series";
import { reduceSeries, sortRows, sparklinePath, vectorToBars, vectorToFleetGrid, vectorsToTable } from "./panel-data";

// Captured from the demo's Prometheus (instant queries; per GPU of two nodes, and GPUs per model).
const utilVector = VectorSchema.parse(util.data);
const tempVector = VectorSchema.parse(temp.data);
const series = matrixToSeries(MatrixSchema.parse(rangeFixture.data), { stepSeconds: 15, legend: "{{Hostname}} GPU {{gpu}}" });

describe("reduceSeries", () => {
  it("reduces the captured series to last, mean, max and min", () => {
    const values = series.flatMap((s) => s.points.map((p) => p[1] as number));
    expect(reduceSeries(series, "last")).toBe(series[0]!.points.at(-1)![1]);
    expect(reduceSeries(series, "max")).toBe(Math.max(...values));
    expect(reduceSeries(series, "min")).toBe(Math.min(...values));
    expect(reduceSeries(series, "mean")).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length);
    expect(reduceSeries([], "last")).toBeNull();
  });
});

describe("sparklinePath", () => {
  it("spans the box and breaks at gaps", () => {
    const path = sparklinePath([[0, 0], [10, 10], [20, null], [30, 5], [40, 0]], 40, 10);
    expect(path).toBe("M0.0,10.0L10.0,0.0M30.0,5.0L40.0,10.0");
    expect(sparklinePath([[0, 1]], 10, 10)).toBe("");
  });
});

describe("vectorToBars", () => {
  it("names bars by legend and puts the largest first", () => {
    const bars = vectorToBars(VectorSchema.parse(byModel.data), "{{modelName}}");
    expect(bars.map((b) => [b.name, b.value])).toEqual([
      ["NVIDIA A100-SXM4-80GB", 16],
      ["NVIDIA H100 80GB HBM3", 8],
      ["NVIDIA H200", 8],
    ]);
  });
});

describe("vectorsToTable and sortRows", () => {
  const table = vectorsToTable([utilVector, tempVector], { labels: ["Hostname", "gpu"], valueHeaders: ["Utilization", "Temperature"] });

  it("joins the two queries on the chosen labels: one row per GPU", () => {
    expect(table.columns.map((c) => c.header)).toEqual(["Hostname", "gpu", "Utilization", "Temperature"]);
    expect(table.rows).toHaveLength(16);
    const row = table.rows.find((r) => r.labels.Hostname === "us-east-gpu-001" && r.labels.gpu === "6")!;
    expect(row.cells["value:0"]).toBe(67);
    expect(row.cells["value:1"]).toBe(64);
  });

  it("sorts by a value either way and by labels naturally", () => {
    const desc = sortRows(table.rows, "value:1", "desc").map((r) => r.cells["value:1"] as number);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const byGpu = sortRows(table.rows.filter((r) => r.labels.Hostname === "us-east-gpu-002"), "label:gpu", "asc").map((r) => r.labels.gpu);
    expect(byGpu).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
  });

  it("puts rows missing a value last", () => {
    const rows = [
      { key: "a", labels: {}, cells: { v: null } },
      { key: "b", labels: {}, cells: { v: 2 } },
      { key: "c", labels: {}, cells: { v: 5 } },
    ];
    expect(sortRows(rows, "v", "asc").map((r) => r.key)).toEqual(["b", "c", "a"]);
    expect(sortRows(rows, "v", "desc").map((r) => r.key)).toEqual(["c", "b", "a"]);
  });

  it("exports as CSV with RFC 4180 quoting", () => {
    const csv = tableToCsv(table.columns, sortRows(table.rows, "label:gpu", "asc").slice(0, 1));
    expect(csv.split("\r\n")[0]).toBe("Hostname,gpu,Utilization,Temperature");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField(null)).toBe("");
    const rows = vectorToCsv(utilVector).trimEnd().split("\r\n");
    expect(rows[0]).toBe("Hostname,cluster,gpu,value");
    expect(rows).toContain("us-east-gpu-001,us-east,6,67");
  });
});

describe("vectorToFleetGrid", () => {
  it("makes one row per node with its GPUs in order", () => {
    const grid = vectorToFleetGrid(utilVector, { group: "Hostname", cell: "gpu" });
    expect(grid.map((n) => n.name)).toEqual(["us-east-gpu-001", "us-east-gpu-002"]);
    expect(grid[0]!.cells.map((c) => c.key)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
    expect(grid[0]!.cells.find((c) => c.key === "6")!.value).toBe(67);
    expect(grid.flatMap((n) => n.cells).every((c) => c.instances.length === 0)).toBe(true);
  });

  it("puts MIG instances (captured from the test stack) in their GPU's cell, in instance order", () => {
    const temps = { status: "success", data: { resultType: "vector", result: ["6", "7"].map((gpu) => ({ metric: { cluster: "eu-west", Hostname: "eu-west-gpu-002", gpu }, value: [0, "41"] })) } };
    const grid = vectorToFleetGrid(VectorSchema.parse(temps.data), { group: "Hostname", cell: "gpu" }, VectorSchema.parse(migVector.data));
    expect(migVector.data.result).toHaveLength(4);
    const [six, seven] = grid[0]!.cells;
    expect(six!.instances).toEqual([]);
    expect(seven!.instances.map((i) => `${i.id}:${i.profile}`)).toEqual(["1:3g.40gb", "2:2g.20gb", "3:1g.10gb", "4:1g.10gb"]);
    expect(seven!.instances.every((i) => i.value !== null && i.value >= 0 && i.value <= 100)).toBe(true);
  });
});

describe("seriesToCsv", () => {
  it("writes one row per timestamp and one column per series", () => {
    const csv = seriesToCsv(series).trimEnd().split("\r\n");
    expect(csv[0]!.split(",")).toHaveLength(series.length + 1);
    expect(csv).toHaveLength(series[0]!.points.length + 1);
    expect(csv[1]!.startsWith(new Date(series[0]!.points[0]![0]).toISOString())).toBe(true);
  });
});

describe("gauge and bar options", () => {
  it("turns threshold steps into the gauge's arc stops", async () => {
    const { gaugeStops, gaugeOption } = await import("./gauge-bar-option");
    expect(gaugeStops(0, 100, [{ value: 90, color: "red" }, { value: 70, color: "yellow" }], "green")).toEqual([
      [0.7, "green"],
      [0.9, "yellow"],
      [1, "red"],
    ]);
    const option = gaugeOption({ value: 75, min: 0, max: 100, unit: "percent", thresholds: [{ value: 70, color: "yellow" }], baseColor: "green" });
    const series = (option.series as { detail: { formatter: () => string; color: string } }[])[0]!;
    expect(series.detail.formatter()).toBe("75%");
    expect(series.detail.color).toBe("yellow");
  });

  it("draws the largest bar on top, coloured by threshold", async () => {
    const { barOption } = await import("./gauge-bar-option");
    const bars = vectorToBars(VectorSchema.parse(byModel.data), "{{modelName}}");
    const option = barOption({ bars, unit: "none", thresholds: [{ value: 10, color: "red" }], baseColor: "green" });
    const y = option.yAxis as { data: string[] };
    expect(y.data.at(-1)).toBe("NVIDIA A100-SXM4-80GB");
    const data = (option.series as { data: { value: number; itemStyle: { color: string } }[] }[])[0]!.data;
    expect(data.at(-1)).toEqual({ value: 16, itemStyle: { color: "red" } });
  });
});
