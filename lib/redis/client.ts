import "server-only";
import { createClient, RESP_TYPES } from "redis";
import { getEnv } from "@/lib/api/env";

/**
 * The one Redis connection of this process (REDIS_URL; none without it), answering
 * strings as Buffers (cached answers are bytes). It reconnects by itself; while it is
 * down callers get an error and go on without it (a cache miss, not a failed request).
 */
const CONNECT_MS = 1_000;

function connect(url: string) {
  // Commands fail at once while disconnected (no offline queue): a request never waits on a Redis that is down.
  const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: CONNECT_MS, reconnectStrategy: (retries) => Math.min(retries * 200, 5_000) } }).withTypeMapping({
    [RESP_TYPES.BLOB_STRING]: Buffer,
  });
  let warned = false;
  client.on("error", (error: Error) => {
    if (!warned) console.warn(`redis: ${error.message} (the shared cache is skipped until it answers)`);
    warned = true;
  });
  client.on("ready", () => (warned = false));
  const ready = client.connect().then(() => client);
  ready.catch(() => undefined);
  // The first connect is waited for once, at most CONNECT_MS; after that a Redis that is down is skipped at once (it reconnects by itself).
  const firstTry = Promise.race([ready.catch(() => undefined), new Promise((r) => setTimeout(r, CONNECT_MS).unref?.())]);
  return { client, firstTry };
}

export type Redis = ReturnType<typeof connect>["client"];

const holder = globalThis as unknown as { consoleRedis?: { url: string; client: Redis; firstTry: Promise<unknown> } | null };

/** The connected client, or null when REDIS_URL is unset; throws while Redis is unreachable. */
export async function getRedis(): Promise<Redis | null> {
  const url = getEnv().REDIS_URL;
  if (!url) return null;
  if (!holder.consoleRedis || holder.consoleRedis.url !== url) holder.consoleRedis = { url, ...connect(url) };
  const { client, firstTry } = holder.consoleRedis;
  await firstTry;
  if (!client.isReady) throw new Error("redis is not connected");
  return client;
}
