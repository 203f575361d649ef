import "server-only";
import pg from "pg";
import { databaseUrl } from "@/lib/api/env";

/**
 * One holder at a time across every process and replica on this database: a PostgreSQL
 * session advisory lock held on a connection of its own for as long as `fn` runs. A
 * process that dies (kill -9, OOM) drops its connection and with it the lock, so no
 * lease is left to expire. Work done under the lock goes through the ordinary Prisma
 * client; the lock only orders it.
 */
export const LOCKS = {
  /** The silence reconciler's pass (and the maintenance windows' materialisation before it). */
  silenceSync: 72707370,
  /** The lease on the background loops (./lease.ts): which replica runs them. */
  backgroundLoops: 72707371,
} as const;

export async function withAdvisoryLock<T>(key: number, fn: () => Promise<T>, connectionString: string = databaseUrl()): Promise<T> {
  const client = new pg.Client({ connectionString, application_name: "console-lock" });
  await client.connect();
  // An error on the idle lock connection (the database restarted) must not crash the process.
  client.on("error", () => undefined);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [key]);
    return await fn();
  } finally {
    // Ending the session releases the lock even if the unlock itself cannot be sent.
    await client.query("SELECT pg_advisory_unlock($1)", [key]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
