import { describe, expect, it } from "vitest";
import { cellAt, paintCells } from "./heatmap-image";
import { heatmapExtentMs, heatmapOption } from "./heatmap-option";
import { paletteRGBA, thresholdColor } from "./palette";

describe("paletteRGBA", () => {
  it("runs from the first stop to the last, with level 255 transparent", () => {
    const p = paletteRGBA("utilization");
    expect(Array.from(p.slice(0, 4))).toEqual([0x0b, 0x1a, 0x3a, 255]);
    expect(Array.from(p.slice(254 * 4, 255 * 4))).toEqual([0xf2, 0x49, 0x5c, 255]);
    expect(p[255 * 4 + 3]).toBe(0);
  });
});

describe("paintCells", () => {
  const palette = new Uint8ClampedArray(256 * 4);
  palette.set([10, 0, 0, 255], 0 * 4);
  palette.set([20, 0, 0, 255], 1 * 4);
  palette.set([30, 0, 0, 255], 2 * 4);
  palette.set([40, 0, 0, 255], 3 * 4);
  const cells = Uint8Array.from([0, 1, 2, 3]); // 2 × 2

  it("scales cells up as crisp blocks", () => {
    const px = paintCells(cells, { rows: 2, cols: 2 }, palette, { width: 4, height: 2 });
    const reds = Array.from({ length: 8 }, (_, i) => px[i * 4]);
    expect(reds).toEqual([10, 10, 20, 20, 30, 30, 40, 40]);
  });

  it("samples cells down to one per pixel without blending neighbours", () => {
    const many = new Uint8Array(100 * 3).map((_, i) => Math.floor(i / 3) % 4); // 100 rows × 3 cols
    const px = paintCells(many, { rows: 100, cols: 3 }, palette, { width: 3, height: 10 });
    const reds = new Set(Array.from({ length: 30 }, (_, i) => px[i * 4]));
    for (const r of reds) expect([10, 20, 30, 40]).toContain(r);
    expect(px.length).toBe(3 * 10 * 4);
  });

  it("finds the cell under a point of the plot", () => {
    expect(cellAt({ rows: 8192, cols: 288 }, { width: 576, height: 400 }, 575, 399)).toEqual({ row: 8171, col: 287 });
    expect(cellAt({ rows: 8192, cols: 288 }, { width: 576, height: 400 }, 0, 200)).toEqual({ row: 4096, col: 0 });
    expect(cellAt({ rows: 2, cols: 2 }, { width: 10, height: 10 }, 10, 0)).toBeNull();
  });
});

describe("heatmapOption", () => {
  it("centres each column on its timestamp and labels rows by name", () => {
    expect(heatmapExtentMs(1000, 300, 3)).toEqual({ fromMs: 850_000, toMs: 1_750_000 });
    const option = heatmapOption({ fromMs: 0, toMs: 10, rows: 4, image: null, rowLabel: (r) => `row ${r}` });
    const y = option.yAxis as { max: number; inverse: boolean; axisLabel: { formatter: (v: number) => string } };
    expect(y).toMatchObject({ max: 4, inverse: true });
    expect(y.axisLabel.formatter(2.5)).toBe("row 2");
    expect(y.axisLabel.formatter(4)).toBe("");
  });
});

describe("thresholdColor", () => {
  it("takes the highest step at or below the value", () => {
    const steps = [{ value: 90, color: "red" }, { value: 70, color: "yellow" }];
    expect(thresholdColor(50, steps, "green")).toBe("green");
    expect(thresholdColor(70, steps, "green")).toBe("yellow");
    expect(thresholdColor(95, steps, "green")).toBe("red");
    expect(thresholdColor(null, steps, "green")).toBe("transparent");
  });
});
