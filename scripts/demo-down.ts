/** `npm run demo:down`: stops what `npm run demo` started, from another shell. */
import { rmSync } from "node:fs";
import { isAlive, sleep, stopGroup } from "./stack/process";
import { stopPostgresAt } from "./stack/postgres";
import { DEMO_STATE_FILE, readDemoState } from "./stack/state";

const state = readDemoState();
if (!state) {
  console.log("No demo stack is running (no .data/demo.json).");
  process.exit(0);
}
if (isAlive(state.pid)) {
  // The supervisor stops its children and Postgres itself.
  process.kill(state.pid, "SIGTERM");
  const deadline = Date.now() + 30_000;
  while (isAlive(state.pid) && Date.now() < deadline) await sleep(200);
}
// Whatever is left (the supervisor was killed hard): stop it directly.
for (const child of state.children) await stopGroup(child.pid, 5_000);
if (state.pgDataDir) await stopPostgresAt(state.pgDataDir);
rmSync(DEMO_STATE_FILE, { force: true });
console.log("Demo stack stopped.");
