import "server-only";
import pg from "pg";
import { databaseUrl } from "@/lib/api/env";

/**
 * A lease on the background loops: of every process and replica on this database, one
 * holds it at a time, and only the holder runs them (so N replicas do one reconcile pass
 * per interval, not N). It is a PostgreSQL session advisory lock taken with
 * pg_try_advisory_lock on a connection the holder keeps open: when the holder dies or
 * loses the database its session ends and the lock with it, and another replica takes
 * the lease on its next tick. No expiry to tune, no clock to trust.
 */
export class Lease {
  private client: pg.Client | null = null;

  constructor(
    private readonly key: number,
    private readonly connectionString: string = databaseUrl(),
  ) {}

  /** Whether this process holds the lease now: keeps it if held (checking its session is alive), else tries to take it. */
  async held(): Promise<boolean> {
    if (this.client) {
      const alive = await this.client.query("SELECT 1").then(() => true, () => false);
      if (alive) return true;
      await this.drop();
    }
    const client = new pg.Client({ connectionString: this.connectionString, application_name: "console-lease", keepAlive: true });
    // An error on the idle lease connection (the database restarted) must not crash the process; the next tick notices.
    client.on("error", () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [this.key]);
      if (rows[0]?.ok) {
        this.client = client;
        return true;
      }
    } catch {
      // Database unreachable: nobody here holds the lease.
    }
    await client.end().catch(() => undefined);
    return false;
  }

  /** Gives the lease up (ending the session releases the lock). */
  async release(): Promise<void> {
    await this.drop();
  }

  private async drop() {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
