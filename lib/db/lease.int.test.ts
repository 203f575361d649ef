import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@/lib/api/env";
import { Lease } from "./lease";

/** The background lease on the harness' PostgreSQL, under a key of its own (the console's loops use LOCKS.backgroundLoops). */
const KEY = 72707399;
const admin = new pg.Client({ connectionString: databaseUrl() });

async function holderPid(): Promise<number | null> {
  const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted", [KEY]);
  return rows[0]?.pid ?? null;
}

describe("the background lease: one replica runs the loops, another takes over when it goes", () => {
  const a = new Lease(KEY);
  const b = new Lease(KEY);
  afterAll(async () => {
    await a.release();
    await b.release();
    await admin.end();
  });

  it("is held by one at a time, kept by its holder tick after tick, and taken over when the holder releases it", async () => {
    await admin.connect();
    expect(await a.held()).toBe(true);
    expect(await b.held()).toBe(false);
    expect(await a.held()).toBe(true);
    expect(await b.held()).toBe(false);
    await a.release();
    expect(await b.held()).toBe(true);
    expect(await a.held()).toBe(false);
  });

  it("passes on when the holder's session dies (a replica killed, or cut off from the database)", async () => {
    const pid = await holderPid();
    expect(pid).not.toBeNull();
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    // The backend exits just after the signal: the other takes the lease on a tick soon after.
    let took = false;
    for (let i = 0; i < 40 && !took; i++) {
      took = await a.held();
      if (!took) await new Promise((r) => setTimeout(r, 50));
    }
    expect(took).toBe(true);
    // The dead holder finds out on its next tick: its session is gone, and the lease is another's.
    expect(await b.held()).toBe(false);
  });
});
