import { describe, expect, it } from "vitest";
import { cacheTtlMs, InFlight, LruCache } from "./cache";

describe("LruCache", () => {
  it("evicts the least recently used entries to stay within its bytes", () => {
    const cache = new LruCache<string>(100);
    cache.set("a", "A", 20, 1000, 0);
    cache.set("b", "B", 20, 1000, 0);
    cache.set("c", "C", 20, 1000, 0);
    expect(cache.get("a", 1)).toBe("A"); // a is now the most recent
    cache.set("d", "D", 25, 1000, 0);
    cache.set("e", "E", 25, 1000, 0); // 110 bytes: b (least recent) goes
    expect(cache.get("b", 1)).toBeUndefined();
    expect(cache.get("a", 1)).toBe("A");
    expect(cache.bytes).toBeLessThanOrEqual(100);
  });

  it("expires entries and counts hits and misses", () => {
    const cache = new LruCache<string>(100);
    cache.set("a", "A", 10, 50, 0);
    expect(cache.get("a", 49)).toBe("A");
    expect(cache.get("a", 50)).toBeUndefined();
    expect([cache.hits, cache.misses, cache.bytes]).toEqual([1, 1, 0]);
  });

  it("never lets one answer take more than a quarter of it", () => {
    const cache = new LruCache<string>(100);
    cache.set("big", "X", 26, 1000, 0);
    expect(cache.size).toBe(0);
  });
});

describe("InFlight", () => {
  it("shares one call between identical concurrent requests, not later ones", async () => {
    const inflight = new InFlight<number>();
    let calls = 0;
    let release!: (v: number) => void;
    const task = () => {
      calls++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const a = inflight.run("k", task);
    const b = inflight.run("k", task);
    release(42);
    expect(await Promise.all([a, b])).toEqual([42, 42]);
    expect([calls, inflight.shared]).toEqual([1, 1]);
    await inflight.run("k", async () => (calls++, 1));
    expect(calls).toBe(2);
  });
});

describe("cacheTtlMs", () => {
  const now = 1_800_000_000_000;
  it("keeps settled ranges long and re-fetches the recent edge soon", () => {
    expect(cacheTtlMs("query_range", now / 1000 - 3600, now, 60_000)).toBe(86_400_000);
    expect(cacheTtlMs("query_range", now / 1000 - 10, now, 60_000)).toBe(5_000);
    expect(cacheTtlMs("query_range", now / 1000 - 10, now, 60_000, 15)).toBe(7_500);
    expect(cacheTtlMs("query_range", now / 1000 - 10, now, 60_000, 300)).toBe(30_000);
    expect(cacheTtlMs("query", null, now, 60_000)).toBe(5_000);
    expect(cacheTtlMs("status/buildinfo", null, now, 60_000)).toBe(3_600_000);
  });
});
