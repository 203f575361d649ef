/**
 * Step maths: a series never has more points than its panel has pixels, and never more
 * than Prometheus' limit of 11,000; steps are "nice" values so that aligned windows
 * repeat and cache well, and start/end are aligned to the step.
 */
export const MAX_POINTS = 11_000;

/** Grafana's ladder of clean steps, seconds (1s, 5s, 10s, 15s, 30s, 1m, 2m, 5m, …, 1d). */
export const NICE_STEPS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export interface StepInput {
  startSeconds: number;
  endSeconds: number;
  /** The panel's width in pixels: the most points worth drawing. */
  maxDataPoints: number;
  /** The scrape interval: a finer step shows nothing new. */
  minStepSeconds?: number;
}

export function stepFor({ startSeconds, endSeconds, maxDataPoints, minStepSeconds = 1 }: StepInput): number {
  const rangeSeconds = Math.max(endSeconds - startSeconds, 1);
  const points = Math.max(2, Math.min(Math.floor(maxDataPoints), MAX_POINTS));
  // n points span n - 1 steps.
  const raw = Math.max(rangeSeconds / (points - 1), minStepSeconds);
  const nice = NICE_STEPS.find((s) => s >= raw);
  // Past a day, whole days.
  return nice ?? Math.ceil(raw / 86400) * 86400;
}

/** Floors both ends to the step: the same view an instant later asks the same query. */
export function alignRange(startSeconds: number, endSeconds: number, stepSeconds: number) {
  return {
    start: Math.floor(startSeconds / stepSeconds) * stepSeconds,
    end: Math.floor(endSeconds / stepSeconds) * stepSeconds,
  };
}

/**
 * The time of a panel's "current value" query: the range's end floored to the panel's
 * minimum step (the scrape interval), so every viewer within one interval asks the same
 * query and the proxy answers all but the first from its cache. The value is then at
 * most one interval older than the newest scrape, which a gauge read "now" is anyway.
 */
export function alignInstant(timeSeconds: number, minStepSeconds: number): number {
  return Math.floor(timeSeconds / minStepSeconds) * minStepSeconds;
}

/** Number of points Prometheus returns for an aligned range. */
export function pointCount(start: number, end: number, stepSeconds: number): number {
  return Math.floor((end - start) / stepSeconds) + 1;
}
