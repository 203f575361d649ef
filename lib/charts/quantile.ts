import { formatValue, type Unit } from "./units";

/**
 * Honest quantiles. `histogram_quantile` that lands in a histogram's +Inf bucket answers the
 * top finite bucket's bound: "1 s" then means "1 s or more". A panel that names the
 * histogram it reads knows that bound, and says "≥ 1 s" there.
 */

/** The largest finite `le` of a histogram's buckets (label values as Prometheus lists them), or null. */
export function topFiniteBucket(le: readonly string[]): number | null {
  const finite = le.map(Number).filter((v) => Number.isFinite(v));
  return finite.length ? Math.max(...finite) : null;
}

/** A quantile's value as text: "≥ 1 s" at (or above) the top finite bound, else the value in its unit. */
export function formatQuantile(value: number | null, unit: Unit, ceiling: number | null | undefined): string {
  if (value !== null && ceiling != null && value >= ceiling * (1 - 1e-9)) return `≥ ${formatValue(ceiling, unit)}`;
  return formatValue(value, unit);
}
