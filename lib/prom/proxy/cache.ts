/**
 * The proxy's result cache: in memory, bounded in bytes, least recently used first
 * out; and the table of in-flight calls, so identical concurrent requests share one
 * upstream call. Pure data structures (no server-only): tested directly.
 */
export interface CacheEntry<V> {
  value: V;
  bytes: number;
  expiresAt: number;
}

export class LruCache<V> {
  private readonly entries = new Map<string, CacheEntry<V>>();
  private total = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= now) {
      if (entry) this.delete(key);
      this.misses++;
      return undefined;
    }
    // Most recently used goes to the end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.value;
  }

  set(key: string, value: V, bytes: number, ttlMs: number, now = Date.now()): void {
    if (bytes > this.maxBytes / 4) return; // one answer never takes over the cache
    this.delete(key);
    this.entries.set(key, { value, bytes, expiresAt: now + ttlMs });
    this.total += bytes;
    for (const [k] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.delete(k);
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.total -= entry.bytes;
    this.entries.delete(key);
  }
}

export class InFlight<V> {
  private readonly calls = new Map<string, Promise<V>>();
  shared = 0;

  /** Runs `task` unless the same key is already running; then waits for that one. */
  run(key: string, task: () => Promise<V>): Promise<V> {
    const running = this.calls.get(key);
    if (running) {
      this.shared++;
      return running;
    }
    const promise = task().finally(() => this.calls.delete(key));
    this.calls.set(key, promise);
    return promise;
  }
}

/**
 * How long an answer may be served again. Data older than the freshness window does
 * not change any more and is kept until evicted. An answer that reaches into the recent
 * edge is re-fetched after half its step (5 s to 30 s): its key (with the end aligned to
 * the step) is asked for one step at most, so it is fetched about twice, the second
 * time with the scrapes that landed meanwhile.
 */
export function cacheTtlMs(endpoint: string, endSeconds: number | null, nowMs: number, freshnessMs: number, stepSeconds?: number): number {
  if (endpoint === "query_range" || (endpoint === "query" && endSeconds !== null)) {
    if (endSeconds !== null && endSeconds * 1000 < nowMs - freshnessMs) return 24 * 3_600_000;
    return Math.min(Math.max(((stepSeconds ?? 0) * 1000) / 2, 5_000), 30_000);
  }
  if (endpoint === "status/buildinfo") return 3_600_000;
  if (endpoint === "metadata" || endpoint === "labels" || endpoint.startsWith("label/") || endpoint === "series") return 30_000;
  return 5_000;
}
