import { describe, expect, it } from "vitest";
import { DEMO_MAINTENANCE } from "../../prisma/seed";
import { buildFleet, fleetPreset } from "../sim/fleet";
import { MaintenanceInputSchema } from "./model";
import { occurrences } from "./schedule";

describe("the demo's maintenance windows", () => {
  const demo = buildFleet(fleetPreset("demo"));
  const test = buildFleet(fleetPreset("test"));

  it("are windows the API would take, each with an occurrence in the coming week", () => {
    const from = Date.UTC(2026, 11, 2);
    for (const w of DEMO_MAINTENANCE) {
      expect(MaintenanceInputSchema.parse(w)).toEqual(w);
      expect(occurrences(w.schedule, from, from + 7 * 86_400_000).length, w.name).toBeGreaterThan(0);
    }
  });

  it("silence nodes of the demo fleet, and none of the test stack's", () => {
    const hosts = DEMO_MAINTENANCE.flatMap((w) => w.matchers.filter((m) => m.name === "Hostname").map((m) => m.value));
    expect(hosts).toHaveLength(DEMO_MAINTENANCE.length);
    for (const h of hosts) {
      expect(demo.nodes.map((n) => n.hostname)).toContain(h);
      expect(test.nodes.map((n) => n.hostname)).not.toContain(h);
    }
  });
});
