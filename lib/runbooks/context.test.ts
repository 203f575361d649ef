import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { affectedSeriesQuery, explorePath, fillPlaceholders } from "./context";

// The shipped rules: the expressions the lookup page charts.
const RULES = new Map(
  (YAML.parse(readFileSync(path.join(import.meta.dirname, "../../deploy/prometheus/rules/alerts.yml"), "utf8")) as { groups: { rules: { alert?: string; expr: string }[] }[] }).groups
    .flatMap((g) => g.rules)
    .filter((r) => r.alert)
    .map((r) => [r.alert!, r.expr.trim()]),
);

describe("the affected series of an alert", () => {
  it("charts a threshold rule's left side with the threshold, narrowed to the alert's GPU", () => {
    expect(affectedSeriesQuery(RULES.get("GpuTemperatureHigh")!, { alertname: "GpuTemperatureHigh", Hostname: "us-east-gpu-002", gpu: "3", severity: "critical", team: "platform" })).toEqual({
      expr: 'DCGM_FI_DEV_GPU_TEMP{Hostname="us-east-gpu-002", gpu="3"}',
      threshold: 85,
    });
  });

  it("narrows every selector, keeps existing matchers, and unwraps parentheses around the compared side", () => {
    expect(affectedSeriesQuery(RULES.get("GpuMemoryAlmostFull")!, { Hostname: "h1", pod: "vllm-0" })).toEqual({
      expr: '100 * DCGM_FI_DEV_FB_USED{Hostname="h1", pod="vllm-0"} / (DCGM_FI_DEV_FB_USED{Hostname="h1", pod="vllm-0"} + DCGM_FI_DEV_FB_FREE{Hostname="h1", pod="vllm-0"})',
      threshold: 95,
    });
    expect(affectedSeriesQuery(RULES.get("ExporterTargetDown")!, { instance: "n1:9400" })).toEqual({ expr: 'up{instance="n1:9400", job=~"dcgm|node"}', threshold: 0 });
    expect(affectedSeriesQuery(RULES.get("GpuThermalThrottling")!, { Hostname: "h" })).toEqual({ expr: 'floor(DCGM_FI_DEV_CLOCK_THROTTLE_REASONS{Hostname="h"} / 32) % 4', threshold: 0 });
  });

  it("charts rules that compare two vectors, `or` or `absent` as they are (narrowed), without a threshold", () => {
    const ecc = affectedSeriesQuery(RULES.get("GpuEccDoubleBitErrors")!, { Hostname: "h", gpu: "1" })!;
    expect(ecc.threshold).toBeNull();
    expect(ecc.expr).toBe('increase(DCGM_FI_DEV_ECC_DBE_VOL_TOTAL{Hostname="h", gpu="1"}[10m]) > 0 or DCGM_FI_DEV_ROW_REMAP_FAILURE{Hostname="h", gpu="1"} == 1');
    expect(affectedSeriesQuery(RULES.get("GpuMetricsAbsent")!, {})).toEqual({ expr: "absent(DCGM_FI_DEV_GPU_UTIL)", threshold: null });
    expect(affectedSeriesQuery("1 > bool up", {})).toEqual({ expr: "1 > bool up", threshold: null });
  });

  it("makes every shipped rule into a query that parses, and refuses one that does not", () => {
    for (const [name, expr] of RULES) expect(affectedSeriesQuery(expr, { alertname: name, Hostname: "h", gpu: "0", instance: "h:9400", pod: "p", model_name: "m", job_name: "j", rack: "r1" }), name).not.toBeNull();
    expect(affectedSeriesQuery("rate(x[5m]", {})).toBeNull();
  });
});

describe("runbook commands for one alert", () => {
  it("fills placeholders from the alert's labels, <node> from the instance without its port when there is no Hostname", () => {
    expect(fillPlaceholders("kubectl drain <node>; nvidia-smi -i <gpu>; <pod> <model> <mystery>", { Hostname: "h7", gpu: "2", pod: "vllm-1", model_name: "llama" })).toEqual({
      text: "kubectl drain h7; nvidia-smi -i 2; vllm-1 llama <mystery>",
      filled: 4,
    });
    expect(fillPlaceholders("ping <node>", { instance: "h8:9100" }).text).toBe("ping h8");
    expect(fillPlaceholders("ping <node>", {})).toEqual({ text: "ping <node>", filled: 0 });
  });

  it("links a query to Explore with the last hour", () => {
    expect(explorePath('up{job="dcgm"} == 0')).toBe("/explore?from=now-1h&to=now&var-datasource=default&var-expr=up%7Bjob%3D%22dcgm%22%7D+%3D%3D+0");
  });
});
