/**
 * A last known answer (lib/prom/proxy/last-known.ts) as the browser reads it: the proxy
 * answers success with an `x-console-stale` header (when the data is from, ms) and a
 * `warnings` entry that says it is not live and why. Shared by both sides.
 */
export const STALE_WARNING = "not live: the console's last known answer";

export interface StaleInfo {
  /** When the data is from (ms). */
  asOfMs: number;
  /** Why it is not live (the datasource's error). */
  reason: string;
}

/** The stale stamp of an answer, if any, and its other warnings (a stale answer is not "partial data"). */
export function readStale(header: string | null, warnings: readonly string[]): { stale: StaleInfo | null; warnings: string[] } {
  const asOfMs = header ? Number(header) : NaN;
  const own = warnings.find((w) => w.startsWith(STALE_WARNING));
  const rest = warnings.filter((w) => !w.startsWith(STALE_WARNING));
  if (!Number.isFinite(asOfMs)) return { stale: null, warnings: [...warnings] };
  const reason = own ? (/\((.*)\)$/.exec(own)?.[1] ?? "unreachable") : "unreachable";
  return { stale: { asOfMs, reason }, warnings: rest };
}

/** "as of 14:32, 6 min ago": the stamp a panel shows on a last known answer. */
export function staleStamp(asOfMs: number, nowMs: number, formatTime: (ms: number) => string): string {
  const minutes = Math.max(0, Math.floor((nowMs - asOfMs) / 60_000));
  const ago = minutes < 1 ? "under a minute ago" : minutes < 120 ? `${minutes} min ago` : `${Math.floor(minutes / 60)} h ${minutes % 60} min ago`;
  return `as of ${formatTime(asOfMs)}, ${ago}`;
}

/** The oldest stamp among a panel's answers: the panel is as old as its oldest part. */
export function oldestStale(list: readonly (StaleInfo | null | undefined)[]): StaleInfo | null {
  let oldest: StaleInfo | null = null;
  for (const s of list) if (s && (!oldest || s.asOfMs < oldest.asOfMs)) oldest = s;
  return oldest;
}
