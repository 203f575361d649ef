/**
 * Resolves Grafana-style time (`now`, `now-6h`, `now-7d/d` is not supported yet, epoch
 * milliseconds) to absolute unix seconds, in one place, with `now` passed in.
 */
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

const RELATIVE = /^now(?:-(\d+)([smhdw]))?$/;

export class TimeRangeError extends Error {}

export function parseTime(text: string, nowMs: number): number {
  const t = text.trim();
  const rel = RELATIVE.exec(t);
  if (rel) {
    const amount = rel[1] ? Number(rel[1]) * (UNIT_SECONDS[rel[2] ?? "s"] ?? 1) : 0;
    return Math.floor(nowMs / 1000) - amount;
  }
  if (/^\d{10,}$/.test(t)) return Math.floor(Number(t) / 1000);
  throw new TimeRangeError(`Cannot read time "${text}": use now, now-<n><s|m|h|d|w> or epoch milliseconds`);
}

export interface ResolvedRange {
  startSeconds: number;
  endSeconds: number;
}

export function resolveRange(from: string, to: string, nowMs: number): ResolvedRange {
  const startSeconds = parseTime(from, nowMs);
  const endSeconds = parseTime(to, nowMs);
  if (startSeconds >= endSeconds) throw new TimeRangeError(`"from" (${from}) must be before "to" (${to})`);
  return { startSeconds, endSeconds };
}
