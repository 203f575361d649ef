import "server-only";
import { isDatabaseDown } from "@/lib/api/errors";
import { amReady } from "@/lib/alertmanager/client";
import { getEnv, type Env } from "@/lib/api/env";
import { getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { summarizeHealth, type CheckResult, type HealthReport } from "./summary";

async function timed(run: (signal: AbortSignal) => Promise<void>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    await Promise.race([
      run(signal),
      new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error(`no answer within ${timeoutMs} ms`)))),
    ]);
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } };
    return { status: "down", latencyMs: Math.round(performance.now() - started), error: err.cause?.code ?? err.message };
  }
}

async function httpReady(baseUrl: string, signal: AbortSignal): Promise<void> {
  const response = await fetch(`${baseUrl.replace(/\/$/, "")}/-/ready`, { signal, cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

/** Liveness of the console and the state of what it depends on, checked in parallel. */
export async function checkHealth(env: Env = getEnv(), db: PrismaClient = getPrisma()): Promise<HealthReport> {
  const timeoutMs = env.HEALTH_TIMEOUT_MS;
  const [database, prometheus, alertmanager] = await Promise.all([
    timed(async () => {
      // In words, never the driver's text (it names hosts and quotes Prisma's invocation).
      await db.$queryRaw`SELECT 1`.catch((error: unknown) => {
        throw new Error(isDatabaseDown(error) ? "PostgreSQL is unreachable" : "PostgreSQL did not answer the check (see the console's log)");
      });
    }, timeoutMs),
    timed((signal) => httpReady(env.PROMETHEUS_URL, signal), timeoutMs),
    timed((signal) => amReady(env.ALERTMANAGER_URL, signal), timeoutMs),
  ]);
  return summarizeHealth({ database, prometheus, alertmanager });
}
