import { describe, expect, it } from "vitest";
import { findParseFault } from "@/lib/prom/proxy/validate";
import { decodeThrottleReasons, throttleReasonCounts, throttleShares, THROTTLE_REASONS } from "./throttle";

describe("throttle reasons", () => {
  it("decodes each bit of the bitmask by NVML's name", () => {
    expect(decodeThrottleReasons(0)).toEqual([]);
    expect(decodeThrottleReasons(0x1).map((r) => r.name)).toEqual(["GPU idle"]);
    // 0x24 = SW power cap + SW thermal slowdown: what a hot GPU at its power limit reports.
    expect(decodeThrottleReasons(0x24).map((r) => r.name)).toEqual(["SW power cap", "SW thermal slowdown"]);
    expect(decodeThrottleReasons(0x1ff)).toHaveLength(9);
    expect(decodeThrottleReasons(0x48).map((r) => [r.name, r.benign])).toEqual([
      ["HW slowdown", false],
      ["HW thermal slowdown", false],
    ]);
  });

  it("names bits it does not know by value, and ignores what is not a mask", () => {
    expect(decodeThrottleReasons(0x404).map((r) => r.name)).toEqual(["SW power cap", "0x400"]);
    expect(decodeThrottleReasons(Number.NaN)).toEqual([]);
    expect(decodeThrottleReasons(-1)).toEqual([]);
  });

  it("gives each reason's share of a window of samples, largest first, skipping gaps", () => {
    const shares = throttleShares([0, 0x4, 0x4, 0x24, null, 0x1]);
    expect(shares.map((s) => [s.name, s.share])).toEqual([
      ["SW power cap", 3 / 5],
      ["GPU idle", 1 / 5],
      ["SW thermal slowdown", 1 / 5],
    ]);
    expect(throttleShares([null, null])).toEqual([]);
  });
});

describe("counting GPUs by throttle reason in PromQL", () => {
  it("writes one labelled branch per reason that costs performance, valid PromQL, each testing its own bit; GPU idle is no throttling", () => {
    const q = throttleReasonCounts('max by (Hostname, gpu) (DCGM_FI_DEV_CLOCK_THROTTLE_REASONS{cluster=~".*"})');
    expect(findParseFault(q)).toBeNull();
    const costly = THROTTLE_REASONS.filter((r) => !r.benign);
    for (const r of costly) expect(q).toContain(`/ ${r.bit}) % 2 == 1) or vector(0), "reason", "${r.name}"`);
    expect(q.match(/label_replace/g)).toHaveLength(costly.length);
    expect(q).not.toContain("GPU idle");
    expect(q).not.toContain("Sync boost");
  });
});

