import { describe, expect, it } from "vitest";
import { gpuPath, gpuTarget, nodeTarget } from "./drilldown";
import { ALL, interpolate } from "./variables";

describe("drill-down targets", () => {
  it("reads a UUID as the card and node:index as the slot", () => {
    expect(gpuTarget("GPU-00e514b2-e286-16d8-3b45-63fd52d026fd")).toEqual({
      uuid: ["GPU-00e514b2-e286-16d8-3b45-63fd52d026fd"],
      node: [ALL],
      gpu: [ALL],
      title: "GPU-00e514b2-e286-16d8-3b45-63fd52d026fd",
    });
    expect(gpuTarget("eu-west-gpu-001%3A3")).toMatchObject({ uuid: [ALL], node: ["eu-west-gpu-001"], gpu: ["3"], title: "eu-west-gpu-001 GPU 3" });
    expect(gpuTarget("")).toBeNull();
    expect(gpuTarget("x".repeat(300))).toBeNull();
  });

  it("round-trips the slot path links write", () => {
    const path = gpuPath("eu-west-gpu-001", "7");
    expect(path).toBe("/gpus/eu-west-gpu-001%3A7");
    expect(gpuTarget(path.slice("/gpus/".length))).toMatchObject({ node: ["eu-west-gpu-001"], gpu: ["7"] });
  });

  it("puts the values into matchers escaped, so a name cannot widen the selector", () => {
    const t = gpuTarget("node.*:1")!;
    expect(interpolate('x{Hostname=~"$node", gpu=~"$gpu", UUID=~"$uuid"}', { uuid: t.uuid, node: t.node, gpu: t.gpu })).toBe('x{Hostname=~"node\\\\.\\\\*", gpu=~"1", UUID=~".*"}');
    expect(nodeTarget("eu-west-gpu-001")).toEqual({ node: ["eu-west-gpu-001"] });
    expect(nodeTarget('a"}')).toBeNull();
  });
});
