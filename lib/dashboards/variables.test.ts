import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { findParseFault } from "@/lib/prom/proxy/validate";
import { ALL, effectiveValues, interpolate, interpolateBuiltins, variableRegex, type VariableDef } from "./variables";

const node: VariableDef = { name: "node", label: "Node", labelName: "Hostname", multi: true, includeAll: true };
const cluster: VariableDef = { name: "cluster", label: "Cluster", labelName: "cluster", multi: false, includeAll: false };

describe("interpolate", () => {
  const expr = 'max by (Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL{cluster=~"$cluster", Hostname=~"${node}"})';

  it("puts single, multiple and All values into the matchers", () => {
    expect(interpolate(expr, { cluster: ["us-east"], node: ["n1", "n2"] })).toBe('max by (Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL{cluster=~"us-east", Hostname=~"n1|n2"})');
    expect(interpolate(expr, { cluster: ["us-east"], node: [ALL] })).toContain('Hostname=~".*"');
  });

  it("escapes regex characters so a value means only itself, and the result parses", () => {
    const out = interpolate('up{instance=~"$node"}', { node: ["10.0.0.1:9100", "a+b"] });
    expect(out).toBe('up{instance=~"10\\\\.0\\\\.0\\\\.1:9100|a\\\\+b"}');
    expect(findParseFault(out)).toBeNull();
    expect(parser.parse(out).topNode.name).toBe("PromQL");
  });

  it("leaves unknown variables as written", () => {
    expect(interpolate('up{a=~"$nope"}', {})).toBe('up{a=~"$nope"}');
  });

  it("turns no value into .*", () => {
    expect(variableRegex([])).toBe(".*");
  });
});

describe("effectiveValues", () => {
  it("keeps chosen values that are still offered", () => {
    expect(effectiveValues(node, ["n1", "gone"], ["n1", "n2"])).toEqual(["n1"]);
  });

  it("falls back to All, or to the first option when All is not allowed", () => {
    expect(effectiveValues(node, undefined, ["n1"])).toEqual([ALL]);
    expect(effectiveValues(cluster, ["nowhere"], ["eu-west", "us-east"])).toEqual(["eu-west"]);
    expect(effectiveValues(cluster, [ALL], ["eu-west"])).toEqual(["eu-west"]);
  });

  it("takes one value for a single-value variable", () => {
    expect(effectiveValues(cluster, ["us-east", "eu-west"], ["eu-west", "us-east"])).toEqual(["us-east"]);
  });
});

describe("resolveDatasource", () => {
  it("reads a datasource variable, keeps a fixed id, falls back to default", async () => {
    const { resolveDatasource } = await import("./variables");
    expect(resolveDatasource("$datasource", { datasource: ["vm"] })).toBe("vm");
    expect(resolveDatasource("${datasource}", { datasource: ["ha"] })).toBe("ha");
    expect(resolveDatasource("thanos", { datasource: ["vm"] })).toBe("thanos");
    expect(resolveDatasource("$datasource", {})).toBe("default");
  });
});


describe("interpolateBuiltins", () => {
  it("writes $__range and $__interval (bare or braced) as whole seconds, leaving other names alone", () => {
    const expr = "max_over_time(x[$__range] @ end()) + max_over_time((y)[${__range}:$__interval]) + $__rangeish + $cluster";
    expect(interpolateBuiltins(expr, { rangeSeconds: 3600.4, intervalSeconds: 15 })).toBe("max_over_time(x[3600s] @ end()) + max_over_time((y)[3600s:15s]) + $__rangeish + $cluster");
  });

  it("never writes a zero duration (PromQL refuses [0s])", () => {
    expect(interpolateBuiltins("x[$__range]", { rangeSeconds: 0, intervalSeconds: 0 })).toBe("x[1s]");
  });
});
