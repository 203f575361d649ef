import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isAlive, processIdentity } from "./process";
import { demoHost, stopDemoProcesses, type DemoState } from "./state";

/** `npm run demo:down` signals only the processes the demo recorded, never a pid since reused. */
describe("demo:down", () => {
  const sleeper = () => spawn("sleep", ["60"], { detached: true, stdio: "ignore" });

  it("leaves alone a recorded pid that is now another process; stops the ones that are still its own", async () => {
    const stranger = sleeper();
    const own = sleeper();
    try {
      const state: DemoState = {
        pid: stranger.pid!,
        // What the demo recorded for that pid once: another process (a start time that is not this one's).
        identity: "1",
        consoleUrl: "http://localhost:0",
        children: [
          { name: "reused", pid: stranger.pid!, identity: "1" },
          { name: "simulator", pid: own.pid!, identity: processIdentity(own.pid!) },
        ],
        pgDataDir: null,
      };
      const skipped = await stopDemoProcesses(state, 1_000);
      expect(skipped).toEqual([`supervisor (pid ${stranger.pid})`]);
      expect(isAlive(stranger.pid!)).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      expect(own.exitCode !== null || own.signalCode !== null || !isAlive(own.pid!)).toBe(true);
    } finally {
      stranger.kill("SIGKILL");
      own.kill("SIGKILL");
    }
  });

  it("the demo's console listens on loopback unless DEMO_HOST says otherwise", () => {
    expect(demoHost({})).toBe("127.0.0.1");
    expect(demoHost({ DEMO_HOST: "0.0.0.0" })).toBe("0.0.0.0");
  });
});
