/** Small statistics for benchmarks: quantiles and a median with its spread. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summary(values: number[]) {
  return { n: values.length, p50: quantile(values, 0.5), p25: quantile(values, 0.25), p75: quantile(values, 0.75), p99: quantile(values, 0.99) };
}

export function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
export type Summary = ReturnType<typeof summary>;
