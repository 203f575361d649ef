/** `npm run demo:down`: stops what `npm run demo` started, from another shell. */
import { rmSync } from "node:fs";
import { stopPostgresAt } from "./stack/postgres";
import { DEMO_STATE_FILE, readDemoState, stopDemoProcesses } from "./stack/state";

const state = readDemoState();
if (!state) {
  console.log("No demo stack is running (no .data/demo.json).");
  process.exit(0);
}
// Only processes that are still the ones recorded: a reused pid belongs to someone else.
await stopDemoProcesses(state);
if (state.pgDataDir) await stopPostgresAt(state.pgDataDir);
rmSync(DEMO_STATE_FILE, { force: true });
console.log("Demo stack stopped.");
