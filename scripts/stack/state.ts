import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isSameProcess, sleep, stopGroup } from "./process";
import { ROOT } from "./services";

/**
 * What `npm run demo` started, for `npm run demo:down` in another shell: each pid with
 * its identity (its start time, process.ts' processIdentity), so a pid that now belongs
 * to another process (the demo died long ago, the machine rebooted) is never signalled.
 */
export interface DemoState {
  pid: number;
  identity: string | null;
  consoleUrl: string;
  children: { name: string; pid: number; identity: string | null }[];
  pgDataDir: string | null;
}

/** Where the demo's console listens: loopback unless DEMO_HOST says otherwise (0.0.0.0 for every interface). */
export function demoHost(env: Record<string, string | undefined> = process.env): string {
  return env.DEMO_HOST?.trim() || "127.0.0.1";
}

export const DEMO_STATE_FILE = path.join(ROOT, ".data/demo.json");

export function readDemoState(file = DEMO_STATE_FILE): DemoState | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as DemoState;
  } catch {
    return null;
  }
}

/** Stops what a demo state names that is still its own process; returns the names of what it left alone. */
export async function stopDemoProcesses(state: DemoState, graceMs = 30_000): Promise<string[]> {
  const skipped: string[] = [];
  if (isSameProcess(state.pid, state.identity)) {
    // The supervisor stops its children and Postgres itself.
    process.kill(state.pid, "SIGTERM");
    const deadline = Date.now() + graceMs;
    while (isSameProcess(state.pid, state.identity) && Date.now() < deadline) await sleep(200);
  } else skipped.push(`supervisor (pid ${state.pid})`);
  // Whatever is left (the supervisor was killed hard): stop it directly, if it is still ours.
  for (const child of state.children) {
    if (isSameProcess(child.pid, child.identity)) await stopGroup(child.pid, 5_000);
  }
  return skipped;
}
