import type { Labels } from "@/lib/prom/schemas";

/** Hours in an average month (365 × 24 ÷ 12), as cloud price sheets count them. */
export const HOURS_PER_MONTH = 730;

export interface CostBreakdown {
  gpus: number;
  usdPerHour: number;
  usdPerMonth: number;
  byModel: { modelName: string; gpus: number; usdPerGpuHour: number | null; usdPerHour: number }[];
  /** Models with GPUs counted but no price: their cost is not in the total. */
  unpriced: string[];
}

/**
 * What a count of GPUs per model costs: `count by (modelName) (…)` (an instant vector)
 * priced from the table. Models without a price are named, never silently costed at 0.
 */
export function costOf(vector: { metric: Labels; value: [number, string] }[], prices: ReadonlyMap<string, number>, modelLabel = "modelName"): CostBreakdown {
  const counts = new Map<string, number>();
  for (const s of vector) {
    const model = s.metric[modelLabel] ?? "";
    const n = Number(s.value[1]);
    if (!Number.isFinite(n)) continue;
    counts.set(model, (counts.get(model) ?? 0) + n);
  }
  const byModel = [...counts]
    .map(([modelName, gpus]) => {
      const price = prices.get(modelName) ?? null;
      return { modelName, gpus, usdPerGpuHour: price, usdPerHour: price === null ? 0 : gpus * price };
    })
    .sort((a, b) => b.usdPerHour - a.usdPerHour || b.gpus - a.gpus || a.modelName.localeCompare(b.modelName));
  const usdPerHour = byModel.reduce((a, m) => a + m.usdPerHour, 0);
  return {
    gpus: byModel.reduce((a, m) => a + m.gpus, 0),
    usdPerHour,
    usdPerMonth: usdPerHour * HOURS_PER_MONTH,
    byModel,
    unpriced: byModel.filter((m) => m.usdPerGpuHour === null && m.gpus > 0).map((m) => m.modelName),
  };
}
