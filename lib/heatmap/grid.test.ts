import { describe, expect, it } from "vitest";
import fixture from "@/lib/prom/fixtures/query-range-heatmap-util.json";
import { aggregateRows, columnCount, levelValue, matrixToGrid, NO_DATA, quantize, rowOrder, rowsSummary, valueExtent, type Grid } from "./grid";

// Captured from the demo's Prometheus: max by (cluster, Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL{Hostname=~"us-east-gpu-00[1-3]"}),
// 2 h at a 5 m step; the demo was stopped for part of it, so columns 7–12, 15, 16, 19 and 20 are empty.
const result = fixture.data.result as unknown as { metric: Record<string, string>; values: [number, string][] }[];
const times = result.flatMap((r) => r.values.map((v) => v[0]));
const end = Math.max(...times);
const start = end - 7200;

function tiny(rows: number[][]): Grid {
  const cols = rows[0]!.length;
  return {
    start: 0,
    step: 60,
    cols,
    rows: rows.map((_, i) => ({ Hostname: `n${Math.floor(i / 2)}`, gpu: String(i % 2) })),
    values: Float32Array.from(rows.flat()),
  };
}

describe("matrixToGrid", () => {
  it("puts every sample of the captured response in its column and leaves missing steps empty", () => {
    const grid = matrixToGrid(result, { start, end, step: 300 });
    expect(grid.cols).toBe(25);
    expect(grid.rows).toHaveLength(24);
    const samples = result.reduce((n, r) => n + r.values.length, 0);
    expect(grid.values.filter((v) => !Number.isNaN(v))).toHaveLength(samples);
    const first = result[0]!;
    const [t, v] = first.values.at(-1)!;
    expect(grid.values[(t - start) / 300]).toBeCloseTo(Number(v));
    expect(Number.isNaN(grid.values[7]!)).toBe(true);
    expect(Number.isNaN(grid.values[6]!)).toBe(false);
  });

  it("ignores samples outside the range and values that are not numbers", () => {
    const grid = matrixToGrid([{ metric: {}, values: [[-60, "1"], [0, "NaN"], [60, "+Inf"], [120, "7"], [600, "9"], "junk"] }], { start: 0, end: 180, step: 60 });
    expect([...grid.values].map((v) => (Number.isNaN(v) ? null : v))).toEqual([null, null, 7, null]);
  });

  it("refuses a range without columns", () => {
    expect(() => matrixToGrid([], { start: 100, end: 0, step: 60 })).toThrow(/empty range/);
    expect(columnCount(0, 86_400, 300)).toBe(289);
  });
});

describe("rowOrder", () => {
  it("sorts by cluster, node and GPU in natural order", () => {
    const grid = matrixToGrid(
      [
        { metric: { Hostname: "gpu-10", gpu: "0" }, values: [] },
        { metric: { Hostname: "gpu-2", gpu: "10" }, values: [] },
        { metric: { Hostname: "gpu-2", gpu: "9" }, values: [] },
      ],
      { start: 0, end: 0, step: 1 },
    );
    expect(rowOrder(grid, "node")).toEqual([2, 1, 0]);
  });

  it("draws a MIG-partitioned GPU's instances under it, in instance order, and counts the GPU once", () => {
    const rows: Record<string, string>[] = [
      { Hostname: "gpu-2", gpu: "7", GPU_I_ID: "10", GPU_I_PROFILE: "1g.10gb" },
      { Hostname: "gpu-2", gpu: "7", GPU_I_ID: "2", GPU_I_PROFILE: "3g.40gb" },
      { Hostname: "gpu-2", gpu: "6" },
      { Hostname: "gpu-10", gpu: "0" },
    ];
    const grid = matrixToGrid(rows.map((metric) => ({ metric, values: [] })), { start: 0, end: 0, step: 1 });
    expect(rowOrder(grid, "node").map((i) => rows[i]!.GPU_I_ID ?? rows[i]!.gpu)).toEqual(["6", "2", "10", "0"]);
    expect(rowsSummary(rows)).toEqual({ gpus: 3, instances: 2, partitioned: 1 });
    expect(rowsSummary(rows.filter((r) => !("GPU_I_ID" in r)))).toEqual({ gpus: 2, instances: 0, partitioned: 0 });
    // Partitioned during the window: its whole-GPU row (before) and its instances (after) are one GPU.
    expect(rowsSummary([...rows, { Hostname: "gpu-2", gpu: "7" }])).toEqual({ gpus: 3, instances: 2, partitioned: 1 });
  });

  it("sorts hottest first by mean, rows without data last", () => {
    const grid = tiny([
      [10, 10],
      [NaN, NaN],
      [90, 70],
      [50, NaN],
    ]);
    expect(rowOrder(grid, "mean")).toEqual([2, 3, 0, 1]);
  });
});

describe("aggregateRows", () => {
  const grid = tiny([
    [1, 5, NaN],
    [3, 2, NaN],
    [9, NaN, NaN],
    [4, 4, 8],
    [7, 1, 2],
  ]);

  it("keeps every row when they fit", () => {
    const out = aggregateRows(grid, { sort: "node", maxRows: 10, aggregate: "max" });
    expect(out.groupSize).toBe(1);
    expect(out.aggregate).toBeNull();
    expect(out.argmax).toBeNull();
    expect(Array.from(out.values.slice(0, 3)).map((v) => (Number.isNaN(v) ? null : v))).toEqual([1, 5, null]);
  });

  it("folds rows into groups by max and remembers which member had it", () => {
    const out = aggregateRows(grid, { sort: "node", maxRows: 2, aggregate: "max" });
    expect(out.groupSize).toBe(3);
    expect(out.values.length).toBe(2 * 3);
    expect(Array.from(out.values).map((v) => (Number.isNaN(v) ? null : v))).toEqual([9, 5, null, 7, 4, 8]);
    expect(Array.from(out.argmax!)).toEqual([2, 0, 0, 1, 0, 0]);
    expect(out.members[out.groupSize + out.argmax![3]!]).toEqual({ Hostname: "n2", gpu: "0" });
  });

  it("folds rows by mean over the samples present", () => {
    const out = aggregateRows(grid, { sort: "node", maxRows: 2, aggregate: "mean" });
    expect(out.argmax).toBeNull();
    const values = Array.from(out.values);
    [13 / 3, 3.5, null, 5.5, 2.5, 5].forEach((want, i) => (want === null ? expect(values[i]).toBeNaN() : expect(values[i]).toBeCloseTo(want, 5)));
  });

  it("folds the 24 GPUs of the capture into 5 rows of 5", () => {
    const out = aggregateRows(matrixToGrid(result, { start, end, step: 300 }), { sort: "node", maxRows: 5, aggregate: "max" });
    expect(out.groupSize).toBe(5);
    expect(out.values.length).toBe(5 * 25);
    expect(out.members[0]).toEqual({ Hostname: "us-east-gpu-001", cluster: "us-east", gpu: "0" });
    expect(out.members[8]).toMatchObject({ Hostname: "us-east-gpu-002", gpu: "0" });
  });
});

describe("quantize", () => {
  it("maps min…max onto 0…254 and missing onto 255, and back", () => {
    const q = quantize(Float32Array.from([0, 50, 100, NaN, 150, -5]), 0, 100);
    expect(Array.from(q)).toEqual([0, 127, 254, NO_DATA, 254, 0]);
    expect(levelValue(127, 0, 100)).toBeCloseTo(50, 0);
    expect(levelValue(NO_DATA, 0, 100)).toBeNull();
    expect(Array.from(quantize(Float32Array.from([3, 3]), 3, 3))).toEqual([0, 0]);
    expect(valueExtent(Float32Array.from([NaN, 4, -2]))).toEqual([-2, 4]);
    expect(valueExtent(Float32Array.from([NaN]))).toEqual([0, 0]);
  });
});
