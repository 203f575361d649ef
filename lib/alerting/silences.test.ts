import { describe, expect, it } from "vitest";
import captured from "@/lib/prom/fixtures/alertmanager-silences.json";
import rules from "@/lib/prom/fixtures/rules-alerts.json";
import { expandTemplate, ruleAnnotations } from "./rule-annotations";
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
  it("fills label references of the captured rules and drops what needs a value", () => {
    const annotations = ruleAnnotations(rules.data)!.get("GpuMemoryAlmostFull")!;
    const labels = { Hostname: "us-east-gpu-002", gpu: "3", pod: "llama-0" };
    expect(expandTemplate(annotations.summary!, labels)).toBe("GPU 3 on us-east-gpu-002 has … % of its memory in use");
    expect(expandTemplate(annotations.runbook_url!, labels)).toBe("/runbooks/for?alertname=GpuMemoryAlmostFull&Hostname=us-east-gpu-002&pod=llama-0");
  });
});
