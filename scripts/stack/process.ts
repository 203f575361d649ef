import { spawn } from "node:child_process";
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** A child process the stack started, in its own process group so all of it stops. */
export interface ManagedProcess {
  name: string;
  pid: number;
  stop: () => Promise<void>;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Which process a pid is now: its start time since boot (/proc/<pid>/stat, field 22), so
 * a pid recorded earlier and since reused by another process (after a reboot, or a long
 * time) is told apart from the one recorded. Null when there is no such process.
 */
export function processIdentity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** Is `pid` still the process recorded with `identity` (processIdentity)? */
export function isSameProcess(pid: number, identity: string | null | undefined): boolean {
  return identity !== null && identity !== undefined && processIdentity(pid) === identity;
}

/** Signals the whole group, waits up to `graceMs`, then kills what is left. */
export async function stopGroup(pid: number, graceMs = 10_000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  if (!isAlive(pid)) return;
  signal("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signal("SIGKILL");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface SpawnOptions {
  logDir: string;
  env?: Record<string, string>;
  cwd?: string;
}

export function spawnService(name: string, command: string, args: string[], opts: SpawnOptions): ManagedProcess {
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, `${name}.log`);
  // The service writes its log file itself. Piped through this process, a log outgrew the
  // pipe while this process sat in a synchronous call (a build, promtool): Prometheus then
  // blocked on a log line inside its TSDB lock, and every query hung.
  const log = openSync(logFile, "a");
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    detached: true,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  child.on("error", (error) => appendFileSync(logFile, `spawn error: ${error.message}\n`));
  if (child.pid === undefined) throw new Error(`Could not start ${name} (${command})`);
  const pid = child.pid;
  return { name, pid, stop: () => stopGroup(pid) };
}

/** Polls until `check` resolves true, or throws after `timeoutMs` with the reason. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s${last ? ` (${last})` : ""}`);
}

export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(true));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
  });
}
