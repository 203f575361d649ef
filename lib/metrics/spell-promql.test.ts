import { readFileSync } from "node:fs";
import path from "node:path";
import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { spellPromql, spellRules, spellTemplate } from "./spell-promql";

const RULES = path.resolve(import.meta.dirname, "../../deploy/prometheus/rules");
type Doc = { groups: { name: string; rules: { record?: string; alert?: string; expr: string; annotations?: Record<string, string> }[] }[] };
const load = (file: string) => YAML.parse(readFileSync(path.join(RULES, file), "utf8")) as Doc;
const rule = (doc: Doc, name: string) => doc.groups.flatMap((g) => g.rules).find((r) => r.record === name || r.alert === name)!;
const hasError = (expr: string) => {
  let bad = false;
  parser.parse(expr).iterate({ enter: (n) => void (n.type.isError && (bad = true)) });
  return bad;
};

describe("spellPromql: rules written for released dcgm-exporters, in another fleet's spelling", () => {
  it("renames Hostname and UUID wherever they name a label: matchers, grouping, on/group_left, label_replace", () => {
    const expr = 'sum by (Hostname) (DCGM_X{UUID="GPU-1"}) - on (Hostname) group_left (pod) label_replace(up, "Hostname", "$1", "instance", "(.+):[0-9]+")';
    expect(spellPromql(expr, "main")).toBe('sum by (hostname) (DCGM_X{UUID="GPU-1"}) - on (hostname) group_left (pod) label_replace(up, "hostname", "$1", "instance", "(.+):[0-9]+")');
    expect(spellPromql(expr, "old-namespace")).toBe('sum by (Hostname) (DCGM_X{uuid="GPU-1"}) - on (Hostname) group_left (pod) label_replace(up, "Hostname", "$1", "instance", "(.+):[0-9]+")');
  });

  it("renames pod/namespace/container only where every series is dcgm-exporter's", () => {
    expect(spellPromql('count by (cluster) (DCGM_FI_DEV_GPU_UTIL{pod=""})', "old-namespace")).toBe('count by (cluster) (DCGM_FI_DEV_GPU_UTIL{pod_name=""})');
    expect(spellPromql("sum by (namespace, pod) (DCGM_FI_DEV_FB_USED)", "exported")).toBe("sum by (exported_namespace, exported_pod) (DCGM_FI_DEV_FB_USED)");
    // A training job's namespace is the training exporter's label, not dcgm-exporter's.
    const training = "max by (cluster, team, namespace, job_name) (rate(training_gradient_sync_seconds_sum[5m]))";
    expect(spellPromql(training, "old-namespace")).toBe(training);
    expect(spellPromql('sum by (pod) (DCGM_FI_DEV_FB_USED) * on (pod) group_left kube_pod_info{namespace="x"}', "old-namespace")).toBe(
      'sum by (pod_name) (DCGM_FI_DEV_FB_USED) * on (pod) group_left kube_pod_info{namespace="x"}',
    );
  });

  it("leaves the released spelling, and names that only look alike, alone", () => {
    const expr = 'DCGM_FI_DEV_GPU_UTIL{Hostname=~"Hostname.*", gpu="0"} # Hostname';
    expect(spellPromql(expr, "release")).toBe(expr);
    expect(spellPromql(expr, "main")).toBe('DCGM_FI_DEV_GPU_UTIL{hostname=~"Hostname.*", gpu="0"} # Hostname');
  });

  it("templates: $labels.Hostname always, $labels.pod only in an alert on GPU series", () => {
    expect(spellTemplate("{{ $labels.pod }} on {{ $labels.Hostname }}", "old-namespace", true)).toBe("{{ $labels.pod_name }} on {{ $labels.Hostname }}");
    expect(spellTemplate("{{ $labels.namespace }} on {{ $labels.Hostname }}", "main", false)).toBe("{{ $labels.namespace }} on {{ $labels.hostname }}");
    expect(spellTemplate("{{ $labels.namespace }}", "old-namespace", false)).toBe("{{ $labels.namespace }}");
  });

  it("the shipped rules, respelled, still parse and name no released label where the fleet spells it otherwise", () => {
    for (const file of ["alerts.yml", "recording.yml"]) {
      const doc = load(file);
      for (const spelling of ["main", "old-namespace", "exported"] as const) {
        const spelled = spellRules(doc, spelling);
        for (const r of spelled.groups.flatMap((g) => g.rules)) {
          expect(hasError(r.expr), r.expr).toBe(false);
          if (spelling === "main") expect(r.expr, r.record ?? r.alert).not.toMatch(/\bHostname\b/);
          if (spelling === "main") expect(JSON.stringify(r.annotations ?? {})).not.toContain("$labels.Hostname");
        }
      }
    }
    const alerts = spellRules(load("alerts.yml"), "old-namespace");
    expect(rule(alerts, "GpuIdleAllocated").expr).toBe('DCGM_FI_DEV_GPU_UTIL{pod_name!=""} < 10');
    expect(rule(alerts, "GpuIdleAllocated").annotations!.summary).toContain("{{ $labels.pod_name }}");
    expect(rule(alerts, "TrainingStraggler").expr).toContain("by (cluster, team, namespace, job_name)");
    const recording = spellRules(load("recording.yml"), "main");
    expect(rule(recording, "node:gpus_reporting:count").expr).toBe("count by (cluster, rack, hostname, modelName) (DCGM_FI_DEV_GPU_UTIL)");
  });
});
