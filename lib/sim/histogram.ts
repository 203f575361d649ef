/**
 * A Prometheus histogram fed with a log-normal latency distribution: each step adds
 * `n` observations spread over the buckets by the distribution's CDF, so the counters
 * only ever go up and quantiles follow the median that the model sets.
 */
export interface Histogram {
  bounds: readonly number[];
  /** Cumulative counts per bound (le), without +Inf (that is `count`). */
  buckets: number[];
  sum: number;
  count: number;
}

export function newHistogram(bounds: readonly number[]): Histogram {
  return { bounds, buckets: bounds.map(() => 0), sum: 0, count: 0 };
}

/** Abramowitz–Stegun 7.1.26, |error| < 1.5e-7. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-ax * ax);
  return sign * y;
}

export function logNormalCdf(x: number, median: number, sigma: number): number {
  if (x <= 0) return 0;
  return 0.5 * (1 + erf(Math.log(x / median) / (sigma * Math.SQRT2)));
}

export function observe(h: Histogram, n: number, median: number, sigma: number): void {
  if (n <= 0) return;
  for (let i = 0; i < h.bounds.length; i++) h.buckets[i]! += n * logNormalCdf(h.bounds[i]!, median, sigma);
  h.count += n;
  h.sum += n * median * Math.exp((sigma * sigma) / 2);
}
