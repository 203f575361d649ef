import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./services";

/** What `npm run demo` started, for `npm run demo:down` in another shell. */
export interface DemoState {
  pid: number;
  consoleUrl: string;
  children: { name: string; pid: number }[];
  pgDataDir: string | null;
}

export const DEMO_STATE_FILE = path.join(ROOT, ".data/demo.json");

export function readDemoState(): DemoState | null {
  if (!existsSync(DEMO_STATE_FILE)) return null;
  try {
    return JSON.parse(readFileSync(DEMO_STATE_FILE, "utf8")) as DemoState;
  } catch {
    return null;
  }
}
