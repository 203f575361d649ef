import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { getEnv } from "@/lib/api/env";
import { getRedis, type Redis } from "@/lib/redis/client";
import { InFlight, LruCache } from "./cache";
import { proxyMetrics } from "./metrics";
import { rawResult, type ProxyResult } from "./upstream";

/**
 * Where the proxy keeps answers and collapses identical calls. Without REDIS_URL: this
 * process' memory (an LRU bounded in bytes, and a table of calls in flight). With it,
 * every replica shares one cache and one collapse: the first replica to miss a key takes
 * a short lock in Redis and asks upstream; the others wait for its answer to land there
 * (and call upstream themselves only if it does not, in PROM_TIMEOUT_MS). Redis being
 * down is a miss, never a failed request.
 */
export interface ResultStore {
  get(key: string): Promise<ProxyResult | undefined>;
  /** Keeps an answer (a day's extent of a split range query: ./extents.ts) for ttlMs. */
  set(key: string, result: ProxyResult, ttlMs: number): Promise<void>;
  /** Runs `task` as the one call of `key` (here, or across replicas); keeps its answer for `ttlOf(answer)` ms (null: not kept). */
  collapse(key: string, task: () => Promise<ProxyResult>, ttlOf: (r: ProxyResult) => number | null): Promise<{ result: ProxyResult; joined: boolean }>;
}

const holder = globalThis as unknown as { consoleProxyCache?: LruCache<ProxyResult>; consoleProxyInFlight?: InFlight<ProxyResult> };

const bytesOf = (r: ProxyResult) => r.bytes ?? JSON.stringify(r.body).length;

/** This process' store: the in-memory LRU and in-flight table (PROM_SHARE_INFLIGHT=false: no collapse). */
function localStore(): ResultStore {
  const env = getEnv();
  holder.consoleProxyCache ??= new LruCache<ProxyResult>(env.PROM_CACHE_BYTES);
  holder.consoleProxyInFlight ??= new InFlight<ProxyResult>();
  const cache = holder.consoleProxyCache;
  const inflight = holder.consoleProxyInFlight;
  return {
    get: async (key) => cache.get(key),
    set: async (key, result, ttlMs) => {
      cache.set(key, result, bytesOf(result), ttlMs);
      proxyMetrics().cacheBytes.set(cache.bytes);
    },
    async collapse(key, task, ttlOf) {
      let joined = true;
      const run = async () => {
        joined = false;
        const result = await task();
        const ttl = ttlOf(result);
        if (ttl !== null) {
          cache.set(key, result, bytesOf(result), ttl);
          proxyMetrics().cacheBytes.set(cache.bytes);
        }
        return result;
      };
      const result = await (env.PROM_SHARE_INFLIGHT ? inflight.run(key, run) : run());
      return { result, joined };
    },
  };
}

/** An answer as Redis keeps it: its HTTP status, a newline, its JSON bytes. */
export function encodeResult(r: ProxyResult): Buffer {
  const json = r.raw ?? Buffer.from(JSON.stringify(r.body));
  return Buffer.concat([Buffer.from(`${r.status}\n`), json]);
}

export function decodeResult(b: Buffer): ProxyResult | undefined {
  const nl = b.indexOf(10);
  const status = Number(b.subarray(0, nl).toString());
  if (nl < 0 || !Number.isInteger(status)) return undefined;
  return rawResult(status, b.subarray(nl + 1));
}

const redisKey = (key: string) => `console:prom:${createHash("sha256").update(key).digest("base64url")}`;

/** The shared store: Redis first, with this process' in-flight table in front of it (one Redis round per key per process). */
function redisStore(redis: Redis): ResultStore {
  const env = getEnv();
  holder.consoleProxyInFlight ??= new InFlight<ProxyResult>();
  const inflight = holder.consoleProxyInFlight;
  const read = async (k: string) => {
    const b = (await redis.get(k).catch(() => null)) as Buffer | null;
    return b ? decodeResult(b) : undefined;
  };
  return {
    get: (key) => read(redisKey(key)),
    set: async (key, result, ttlMs) => {
      await redis.set(redisKey(key), encodeResult(result), { expiration: { type: "PX", value: Math.max(Math.round(ttlMs), 1) } }).catch(() => undefined);
    },
    async collapse(key, task, ttlOf) {
      const k = redisKey(key);
      let joined = true;
      const run = async (): Promise<ProxyResult> => {
        const me = randomUUID();
        const mine = await redis.set(`${k}:lock`, me, { condition: "NX", expiration: { type: "PX", value: env.PROM_TIMEOUT_MS } }).catch(() => "OK");
        if (mine === null) {
          // Another replica is asking: wait for its answer, then ask ourselves if it never lands.
          const landed = await waitFor(k, `${k}:lock`, env.PROM_TIMEOUT_MS);
          if (landed) return landed;
        }
        joined = false;
        try {
          const result = await task();
          const ttl = ttlOf(result);
          if (ttl !== null) await redis.set(k, encodeResult(result), { expiration: { type: "PX", value: Math.max(Math.round(ttl), 1) } }).catch(() => undefined);
          return result;
        } finally {
          if (mine !== null) await redis.eval(RELEASE, { keys: [`${k}:lock`], arguments: [me] }).catch(() => undefined);
        }
      };
      const waitFor = async (key: string, lock: string, timeoutMs: number) => {
        const until = Date.now() + timeoutMs;
        for (let delay = 10; Date.now() < until; delay = Math.min(delay * 1.5, 100)) {
          await new Promise((r) => setTimeout(r, delay));
          const found = await read(key);
          if (found) return found;
          // The asker finished without keeping an answer (an error, or one not to cache): ask ourselves.
          if (!(await redis.exists(lock).catch(() => 0))) return read(key);
        }
        return undefined;
      };
      const result = await (env.PROM_SHARE_INFLIGHT ? inflight.run(key, run) : run());
      return { result, joined };
    },
  };
}

/** Deletes the lock only if it is still ours (it may have expired and been taken by another replica). */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** The store for this request: Redis when configured and answering, else this process' memory. */
export async function resultStore(): Promise<ResultStore> {
  const redis = await getRedis().catch(() => null);
  return redis ? redisStore(redis) : localStore();
}
