import { describe, expect, it } from "vitest";
import { drillDownFor, gpuPath, gpuTarget, nodeTarget } from "./drilldown";
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

describe("where an alert drills down to", () => {
  const w = { fromMs: 1_800_000_000_000, toMs: 1_800_000_600_000 };
  it("a GPU alert opens its GPU, a node alert its node, around the alert's time", () => {
    expect(drillDownFor({ alertname: "GpuThermalThrottling", Hostname: "eu-west-gpu-002", gpu: "3" }, w)).toEqual({
      href: "/gpus/eu-west-gpu-002%3A3?from=1799999100000&to=1800001500000",
      title: "GPU",
    });
    // Any spelling of the host label; an exporter's instance names its node.
    expect(drillDownFor({ alertname: "X", hostname: "n1" }, w)?.href).toMatch(/^\/nodes\/n1\?from=/);
    expect(drillDownFor({ alertname: "TargetDown", instance: "eu-west-gpu-004:9400", job: "dcgm" }, w)?.href).toMatch(/^\/nodes\/eu-west-gpu-004\?/);
  });

  it("has nothing for an alert about a model or a rack", () => {
    expect(drillDownFor({ alertname: "InferenceLatencyHigh", model_name: "llama" }, w)).toBeNull();
    expect(drillDownFor({ alertname: "CoolingDegraded", rack: "r1", instance: "facility.eu-west:9200", job: "facility" }, w)).toBeNull();
  });
});

