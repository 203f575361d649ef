import { describe, expect, it } from "vitest";
import { VectorSchema } from "@/lib/prom/schemas";
import fixture from "@/lib/prom/fixtures/query-vector-allocated-by-model.json";
import { costOf, HOURS_PER_MONTH } from "./cost";
import { PriceTableSchema } from "./schema";
import { firstIssue } from "@/lib/api/zod";

// A real answer of the demo's Prometheus: `count by (modelName) (DCGM_FI_DEV_GPU_UTIL{pod!=""})`.
const vector = VectorSchema.parse(fixture.data).result;

describe("the cost of GPUs by model", () => {
  it("prices each model's count and sums them, per hour and per month", () => {
    const prices = new Map([
      ["NVIDIA A100-SXM4-80GB", 1.8],
      ["NVIDIA H100 80GB HBM3", 2.9],
      ["NVIDIA H200", 3.6],
    ]);
    const cost = costOf(vector, prices);
    // 52 × 1.80 + 120 × 2.90 + 24 × 3.60
    expect(cost.gpus).toBe(196);
    expect(cost.usdPerHour).toBeCloseTo(52 * 1.8 + 120 * 2.9 + 24 * 3.6, 6);
    expect(cost.usdPerMonth).toBeCloseTo(cost.usdPerHour * HOURS_PER_MONTH, 6);
    expect(cost.byModel.map((m) => m.modelName)).toEqual(["NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB", "NVIDIA H200"]);
    expect(cost.unpriced).toEqual([]);
  });

  it("names the models it has no price for instead of costing them at zero", () => {
    const cost = costOf(vector, new Map([["NVIDIA H100 80GB HBM3", 2.9]]));
    expect(cost.usdPerHour).toBeCloseTo(120 * 2.9, 6);
    expect(cost.unpriced.sort()).toEqual(["NVIDIA A100-SXM4-80GB", "NVIDIA H200"]);
    expect(cost.gpus).toBe(196);
  });

  it("is zero for no GPUs, and a zero count needs no price", () => {
    expect(costOf([], new Map())).toMatchObject({ gpus: 0, usdPerHour: 0, usdPerMonth: 0, unpriced: [] });
    expect(costOf([{ metric: { modelName: "NVIDIA H200" }, value: [0, "0"] }], new Map()).unpriced).toEqual([]);
  });
});

describe("the price table an admin saves", () => {
  const check = (body: unknown) => {
    const r = PriceTableSchema.safeParse(body);
    return r.success ? null : firstIssue(r.error);
  };
  it("accepts prices and says which field is wrong otherwise", () => {
    expect(check({ prices: [{ modelName: "NVIDIA H200", usdPerGpuHour: 3.6 }] })).toBeNull();
    expect(check({ prices: [{ modelName: "NVIDIA H200", usdPerGpuHour: -1 }] })).toBe("prices.0.usdPerGpuHour: not negative");
    expect(check({ prices: [{ modelName: " ", usdPerGpuHour: 1 }] })).toBe("prices.0.modelName: empty");
    expect(check({ prices: [{ modelName: "x", usdPerGpuHour: "2" }] })).toBe("prices.0.usdPerGpuHour: a number of dollars");
    expect(check({ prices: [{ modelName: "x", usdPerGpuHour: 1 }, { modelName: "x", usdPerGpuHour: 2 }] })).toBe('prices.1.modelName: "x" appears twice');
  });
});
