import { promDurationSeconds } from "../recorded";
import { alignRange, MAX_POINTS, stepFor } from "../step";

/**
 * Prometheus' parameter rules, checked before anything goes upstream, with its own
 * error texts where it has them.
 */
export class ParamError extends Error {}


/** A time: unix seconds (float) or RFC 3339. */
export function parseTimeParam(name: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() !== "" && Number.isFinite(n)) return n;
  if (/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
    const ms = Date.parse(raw);
    if (Number.isFinite(ms)) return ms / 1000;
  }
  throw new ParamError(`invalid parameter "${name}": cannot parse "${raw}" to a valid timestamp`);
}

/** A duration: float seconds or Prometheus' notation (1m30s, 5m, 1h). */
export function parseDurationParam(name: string, raw: string): number {
  const seconds = promDurationSeconds(raw);
  if (seconds === null) throw new ParamError(`invalid parameter "${name}": cannot parse "${raw}" to a valid duration`);
  return seconds;
}

export interface RangeParams {
  start: number;
  end: number;
  step: number;
}

/**
 * query_range's start, end and step. With `maxDataPoints` (the panel's width), the step
 * is max(minStep, range / maxDataPoints) on the clean ladder, and start/end are aligned
 * to it so repeated loads ask the same query.
 */
export function rangeParams(params: URLSearchParams, minStepSeconds: number): RangeParams {
  const start = parseTimeParam("start", params.get("start") ?? "");
  const end = parseTimeParam("end", params.get("end") ?? "");
  if (end < start) throw new ParamError("end timestamp must not be before start time");
  const maxDataPoints = params.get("maxDataPoints");
  const rawStep = params.get("step");
  if (maxDataPoints !== null) {
    const width = Number(maxDataPoints);
    if (!Number.isInteger(width) || width <= 0) throw new ParamError(`invalid parameter "maxDataPoints": "${maxDataPoints}" is not a positive integer`);
    const minStep = rawStep ? Math.max(parseDurationParam("step", rawStep), minStepSeconds) : minStepSeconds;
    const step = stepFor({ startSeconds: start, endSeconds: end, maxDataPoints: width, minStepSeconds: minStep });
    return { ...alignRange(start, end, step), step };
  }
  if (rawStep === null || rawStep === "") throw new ParamError('missing parameter "step"');
  const step = parseDurationParam("step", rawStep);
  if (step <= 0) throw new ParamError("zero or negative query resolution step widths are not accepted. Try a positive integer");
  if ((end - start) / step > MAX_POINTS) {
    throw new ParamError("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
  }
  return { start, end, step };
}
