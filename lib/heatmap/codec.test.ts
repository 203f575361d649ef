import { describe, expect, it } from "vitest";
import fixture from "@/lib/prom/fixtures/query-range-heatmap-util.json";
import { decodeHeatmap, encodeHeatmap, HeatmapDecodeError, heatmapToCsv, memberAt } from "./codec";
import { aggregateRows, matrixToGrid, NO_DATA } from "./grid";

const result = fixture.data.result as unknown as { metric: Record<string, string>; values: [number, string][] }[];
const end = Math.max(...result.flatMap((r) => r.values.map((v) => v[0])));
const grid = matrixToGrid(result, { start: end - 7200, end, step: 300 });

function toBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe("heatmap codec", () => {
  it("round-trips the captured fleet at full resolution, far smaller than Prometheus' JSON", () => {
    const bytes = encodeHeatmap(aggregateRows(grid, { sort: "node", maxRows: 1000, aggregate: "max" }), { min: 0, max: 100 });
    const h = decodeHeatmap(toBuffer(bytes));
    expect(h.header).toMatchObject({ rows: 24, cols: 25, min: 0, max: 100, groupSize: 1, aggregate: null, argmax: false });
    expect(h.members).toHaveLength(24);
    expect(h.members[23]).toEqual({ Hostname: "us-east-gpu-003", cluster: "us-east", gpu: "7" });
    // Each label value travels once.
    expect(h.header.labelValues[h.header.labelNames.indexOf("cluster")]).toEqual(["us-east"]);
    const series = result.find((r) => r.metric.Hostname === "us-east-gpu-001" && r.metric.gpu === "0")!;
    const [t, v] = series.values.at(-1)!;
    expect(h.cells[(t - h.header.start) / 300]).toBe(Math.round((Number(v) / 100) * 254));
    expect(h.cells[7]).toBe(NO_DATA);
    expect(bytes.length).toBeLessThan(JSON.stringify(fixture).length / 4);
  });

  it("carries which GPU of a folded row had the maximum", () => {
    const h = decodeHeatmap(toBuffer(encodeHeatmap(aggregateRows(grid, { sort: "node", maxRows: 3, aggregate: "max" }))));
    expect(h.header).toMatchObject({ rows: 3, groupSize: 8, aggregate: "max", argmax: true });
    const col = h.header.cols - 1;
    const hit = memberAt(h, 1, col)!;
    expect(hit.labels.Hostname).toBe("us-east-gpu-002");
    const level = h.cells[1 * h.header.cols + col]!;
    const value = Number(result.find((r) => r.metric.Hostname === hit.labels.Hostname && r.metric.gpu === hit.labels.gpu)!.values.at(-1)![1]);
    expect(Math.round(h.header.min + ((h.header.max - h.header.min) * level) / 254)).toBeCloseTo(value, -1);
    expect(memberAt(h, 3, 0)).toBeNull();
  });

  it("rejects what is not a heatmap or is cut short", () => {
    expect(() => decodeHeatmap(toBuffer(new TextEncoder().encode('{"status":"error"}')))).toThrow(HeatmapDecodeError);
    const bytes = encodeHeatmap(aggregateRows(grid, { sort: "node", maxRows: 100, aggregate: "max" }));
    expect(() => decodeHeatmap(toBuffer(bytes.subarray(0, bytes.length - 10)))).toThrow(/truncated body/);
  });
});

describe("heatmapToCsv", () => {
  it("writes the cells as drawn, naming folded rows by their first and last GPU", () => {
    const h = decodeHeatmap(toBuffer(encodeHeatmap(aggregateRows(grid, { sort: "node", maxRows: 3, aggregate: "max" }), { min: 0, max: 100 })));
    const lines = heatmapToCsv(h, "{{Hostname}} GPU {{gpu}}").trimEnd().split("\r\n");
    expect(lines[0]).toBe("time,row,gpus,max_approx");
    const filled = Array.from(h.cells).filter((c) => c !== 255).length;
    expect(lines).toHaveLength(filled + 1);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,us-east-gpu-001 GPU 0 … us-east-gpu-001 GPU 7,8,\d+(\.\d+)?$/);
  });
});
