import { describe, expect, it } from "vitest";
import { quantile, summary } from "./stats";

describe("bench stats", () => {
  it("interpolates quantiles like numpy's default", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 1, 5], 0)).toBe(1);
    expect(quantile([10, 1, 5], 1)).toBe(10);
    expect(summary([1, 2, 3, 4, 5])).toMatchObject({ n: 5, p50: 3, p25: 2, p75: 4 });
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });
});
