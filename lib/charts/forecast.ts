import type { Series } from "./matrix-to-series";

/**
 * The forecast overlay: a least-squares line through a series' points, the fit
 * Prometheus' predict_linear() makes (slope and intercept at the evaluation time), drawn
 * dashed from the last point to `horizonMs` past the end of the window.
 */
export function linearFit(points: readonly [number, number | null][], atMs: number): { slopePerMs: number; valueAt: (ms: number) => number } | null {
  let n = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXY = 0;
  let sumX2 = 0;
  for (const [t, v] of points) {
    if (v === null) continue;
    // Seconds from the evaluation time, as Prometheus does, to keep the sums small.
    const x = (t - atMs) / 1000;
    n++;
    sumX += x;
    sumY += v;
    sumXY += x * v;
    sumX2 += x * x;
  }
  if (n < 2) return null;
  const cov = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  if (varX === 0) return null;
  const slope = cov / varX;
  const intercept = sumY / n - (slope * sumX) / n;
  return { slopePerMs: slope / 1000, valueAt: (ms: number) => intercept + slope * ((ms - atMs) / 1000) };
}

/** One dashed line per series from its last point to `toMs + horizonMs`. */
export function forecastSeries(series: Series[], window: { fromMs: number; toMs: number }, horizonMs: number): Series[] {
  return series.flatMap((s) => {
    const inWindow = s.points.filter((p) => p[0] >= window.fromMs && p[0] <= window.toMs);
    const last = inWindow.findLast((p) => p[1] !== null);
    const fit = linearFit(inWindow, window.toMs);
    if (!fit || !last) return [];
    const end = window.toMs + horizonMs;
    return [{ id: `forecast:${s.id}`, name: `${s.name} (forecast)`, labels: s.labels, points: [[last[0], fit.valueAt(last[0])], [end, fit.valueAt(end)]] }];
  });
}
