import path from "node:path";
import { describe, expect, it } from "vitest";
import { backfillPasses, rawNamesRead, recordingRules } from "./backfill-rules";

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

describe("rawNamesRead", () => {
  const rules = recordingRules(path.join(process.cwd(), "deploy/prometheus/rules"));

  it("names the exporter series behind a rule, rule after rule", () => {
    // team:gpu_hours:1h reads team:gpus_allocated:count, which reads the scheduler's and dcgm's series.
    const names = rawNamesRead(["sum(team:gpu_hours:1h)"], rules);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => !n.includes(":"))).toBe(true);
    expect(rawNamesRead(['sum by (cluster) (node_model:gpu_nvlink_bytes:rate5m{cluster=~".*"})'], rules)).toEqual(["DCGM_FI_PROF_NVLINK_RX_BYTES", "DCGM_FI_PROF_NVLINK_TX_BYTES"]);
  });

  it("keeps raw reads as they are, and what no rule records", () => {
    expect(rawNamesRead(["rate(node_disk_read_time_seconds_total[5m]) / on () group_left ALERTS", "nope:not:a_rule"], rules)).toEqual(["ALERTS", "node_disk_read_time_seconds_total", "nope:not:a_rule"]);
  });
});
