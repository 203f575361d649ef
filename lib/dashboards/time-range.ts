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

/** `YYYY-MM-DD HH:mm:ss` (seconds and time optional) in the dashboard's zone. */
const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function zoneOffsetMs(ms: number): number {
  return new Date(ms).getTimezoneOffset() * 60_000;
}

/**
 * What a person types in the absolute picker, as the URL keeps it: a relative time stays
 * as written, a date and time in the zone becomes epoch milliseconds.
 */
export function parseTimeInput(text: string, zone: "browser" | "utc", nowMs: number): string {
  const t = text.trim();
  if (t.startsWith("now")) {
    parseTime(t, nowMs);
    return t;
  }
  const m = ABSOLUTE.exec(t);
  if (!m) throw new TimeRangeError(`Cannot read "${text}": use YYYY-MM-DD HH:mm:ss or now-<n><s|m|h|d|w>`);
  const [y, mo, d, h = "0", mi = "0", s = "0"] = m.slice(1).map((v) => v ?? undefined) as string[];
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const utc = Date.UTC(...parts);
  const check = new Date(utc);
  if (check.getUTCMonth() !== parts[1] || check.getUTCDate() !== parts[2] || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) {
    throw new TimeRangeError(`"${text}" is not a date and time that exists`);
  }
  // The browser's zone: the wall time minus that zone's offset at that moment.
  const ms = zone === "utc" ? utc : utc + zoneOffsetMs(utc + zoneOffsetMs(utc));
  return String(ms);
}

/** An instant as the absolute picker and tooltips show it, in the dashboard's zone. */
export function formatTime(ms: number, zone: "browser" | "utc"): string {
  const d = new Date(zone === "utc" ? ms : ms - zoneOffsetMs(ms));
  return d.toISOString().slice(0, 19).replace("T", " ");
}

/** The picker's text for a URL value: relative as is, epoch ms as a date and time. */
export function timeInputText(value: string, zone: "browser" | "utc"): string {
  return /^\d{10,}$/.test(value) ? formatTime(Number(value), zone) : value;
}

/** A panel's own window for a relative time override (`30d`), ending where the dashboard's ends. */
export function panelRange(range: ResolvedRange, timeFrom: string | undefined): ResolvedRange {
  if (!timeFrom) return range;
  return { startSeconds: parseTime(`now-${timeFrom}`, range.endSeconds * 1000), endSeconds: range.endSeconds };
}
