import path from "node:path";
import { describe, expect, it } from "vitest";
import { backfillPasses, recordingRules } from "./backfill-rules";

describe("backfillPasses", () => {
  const rules = recordingRules(path.join(process.cwd(), "deploy/prometheus/rules"));
  const passOf = (name: string) => backfillPasses(rules).findIndex((pass) => pass.some((r) => r.record === name));

  it("puts every shipped recording rule in a pass after the rules it reads", () => {
    expect(rules.length).toBeGreaterThan(15);
    expect(backfillPasses(rules).flat()).toHaveLength(rules.length);
    expect(passOf("team:gpus_allocated:count")).toBe(0);
    expect(passOf("team:gpu_hours:1h")).toBe(1);
    expect(passOf("node:gpus_reporting:max1h")).toBe(1);
    expect(passOf("node:gpus_expected:max7d")).toBe(2);
  });

  it("refuses rules that read each other in a cycle", () => {
    const cycle = [
      { group: "g", record: "a:x:y", expr: "b:x:y" },
      { group: "g", record: "b:x:y", expr: "a:x:y + 1" },
    ];
    expect(() => backfillPasses(cycle)).toThrow(/cycle/);
  });
});
