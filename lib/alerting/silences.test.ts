import { describe, expect, it } from "vitest";
import captured from "@/lib/prom/fixtures/alertmanager-silences.json";
import rules from "@/lib/prom/fixtures/rules-alerts.json";
import temps from "@/lib/prom/fixtures/query-vector-gpu-temp.json";
import { VectorSchema } from "@/lib/prom/schemas";
import { bandValue, expandTemplate, formatTemplateValue, RULE_QUERY, ruleAnnotations, usesValue } from "./rule-annotations";
import { matcherMatches, matchersText, silenceBands, silenceCoversSeries, SilencesSchema } from "./silences";

// Captured from the demo's Alertmanager: a silence on two nodes' thermal alerts (regex), and a cluster-wide one.
const silences = SilencesSchema.parse(captured);
const gpu = (host: string, index: string) => ({ name: `${host} GPU ${index}`, labels: { cluster: "us-east", Hostname: host, gpu: index } });

describe("silence matching", () => {
  it("follows Alertmanager's matchers: anchored regexes, negation, a missing label is empty", () => {
    expect(matcherMatches({ name: "Hostname", value: "us-east-gpu-00[23]", isRegex: true, isEqual: true }, { Hostname: "us-east-gpu-002" })).toBe(true);
    expect(matcherMatches({ name: "Hostname", value: "us-east-gpu-00[23]", isRegex: true, isEqual: true }, { Hostname: "us-east-gpu-0021" })).toBe(false);
    expect(matcherMatches({ name: "team", value: "ml", isRegex: false, isEqual: false }, {})).toBe(true);
    expect(matcherMatches({ name: "team", value: "", isRegex: false, isEqual: true }, {})).toBe(true);
    expect(matcherMatches({ name: "x", value: "(", isRegex: true, isEqual: true }, { x: "(" })).toBe(false);
  });

  it("covers the GPUs of the silenced nodes only, and never draws a cluster-wide silence on every GPU", () => {
    const byNode = silences.find((s) => s.comment.startsWith("Fan replacement"))!;
    const cluster = silences.find((s) => s.comment.startsWith("cluster-wide"))!;
    expect(silenceCoversSeries(byNode, gpu("us-east-gpu-002", "3").labels)).toBe(true);
    expect(silenceCoversSeries(byNode, gpu("us-east-gpu-004", "3").labels)).toBe(false);
    expect(silenceCoversSeries(cluster, { cluster: "eu-west", Hostname: "eu-west-gpu-001", gpu: "0" })).toBe(false);
    expect(matchersText(byNode.matchers)).toBe('{alertname="GpuThermalThrottling", Hostname=~"us-east-gpu-00[23]"}');
  });

  it("turns silences into bands clipped to the window, naming the series they cover", () => {
    const byNode = silences.find((s) => s.comment.startsWith("Fan replacement"))!;
    const start = Date.parse(byNode.startsAt);
    const window = { fromMs: start - 3_600_000, toMs: start + 600_000 };
    const bands = silenceBands(silences, [gpu("us-east-gpu-002", "0"), gpu("us-east-gpu-003", "1"), gpu("us-east-gpu-005", "0")], window);
    expect(bands).toHaveLength(1);
    expect(bands[0]).toMatchObject({ id: byNode.id, fromMs: start, toMs: window.toMs, createdBy: "sre@demo.local", seriesNames: ["us-east-gpu-002 GPU 0", "us-east-gpu-003 GPU 1"] });
    expect(silenceBands(silences, [gpu("us-east-gpu-002", "0")], { fromMs: 0, toMs: 1000 })).toEqual([]);
  });
});

describe("rule annotations for alert bands", () => {
  it("fill label references of the captured rules; what needs a value is left out until it is known, never shown as …", () => {
    const annotations = ruleAnnotations(rules.data)!.get("GpuMemoryAlmostFull")!;
    const labels = { Hostname: "us-east-gpu-002", gpu: "3", pod: "llama-0" };
    expect(expandTemplate(annotations.summary!, labels)).toBe("GPU 3 on us-east-gpu-002 has % of its memory in use");
    expect(expandTemplate(annotations.summary!, labels, 96.23)).toBe("GPU 3 on us-east-gpu-002 has 96.2 % of its memory in use");
    expect(expandTemplate(annotations.runbook_url!, labels)).toBe("/runbooks/for?alertname=GpuMemoryAlmostFull&Hostname=us-east-gpu-002&pod=llama-0");
    expect(usesValue(annotations.summary!)).toBe(true);
    expect(usesValue(annotations.runbook_url!)).toBe(false);
  });

  it("show the alert's value from its rule's query (a captured answer), as Prometheus prints it", () => {
    const hot = ruleAnnotations(rules.data)!.get("GpuTemperatureHigh")!;
    expect(hot[RULE_QUERY]).toBe("DCGM_FI_DEV_GPU_TEMP > 85");
    const alert = { alertname: "GpuTemperatureHigh", severity: "critical", team: "platform", cluster: "us-east", Hostname: "us-east-gpu-001", gpu: "2", job: "dcgm" };
    const value = bandValue(VectorSchema.parse(temps.data).result, alert);
    expect(value).toBe(68);
    expect(expandTemplate(hot.summary!, alert, value)).toBe("GPU 2 on us-east-gpu-001 is at 68 °C");
    expect(bandValue([], alert)).toBeNull();
  });

  it("format values with printf, humanize, humanizeDuration and humanizePercentage", () => {
    expect(formatTemplateValue(96.234, 'printf "%.1f"')).toBe("96.2");
    expect(formatTemplateValue(2_345_678, "humanize")).toBe("2.346M");
    expect(formatTemplateValue(0.995, "humanizeDuration")).toBe("995ms");
    expect(formatTemplateValue(2.485, "humanizeDuration")).toBe("2.485s");
    expect(formatTemplateValue(3725, "humanizeDuration")).toBe("1h 2m 5s");
    expect(formatTemplateValue(0.1234, "humanizePercentage")).toBe("12.34%");
    expect(formatTemplateValue(79, "")).toBe("79");
  });
});
