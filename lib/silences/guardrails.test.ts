import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AmAlertSchema, mergeAlerts } from "@/lib/alerting/alerts";
import type { Matcher } from "@/lib/alerting/silences";
import { concernsOf, coverageOf, type GuardrailPolicy } from "./guardrails";

// 46 alerts captured from the demo stack's Alertmanager: 42 of team platform (GPUs and exporters), 4 of inference.
const captured = JSON.parse(readFileSync(path.join(import.meta.dirname, "../alerting/fixtures/alertmanager-alerts.json"), "utf8")) as unknown[];
const alerts = mergeAlerts([{ alertmanager: "am", alerts: captured.map((a) => AmAlertSchema.parse(a)) }], []);
const LABELS = { host: "Hostname", team: "team" };
const POLICY: GuardrailPolicy = { maxShare: 0.25, minAlerts: 3, maxDurationMs: 7 * 86_400_000 };
const eq = (name: string, value: string): Matcher => ({ name, value, isRegex: false, isEqual: true });
const re = (name: string, value: string): Matcher => ({ name, value, isRegex: true, isEqual: true });
const H = 3_600_000;
const now = Date.UTC(2026, 11, 2, 12);

describe("what a silence covers now", () => {
  it("counts alerts, GPUs, nodes, jobs and teams among the fleet's alerts", () => {
    expect(coverageOf([eq("Hostname", "us-east-gpu-003")], alerts, LABELS)).toEqual({ alerts: 24, firing: 24, firingInFleet: 46, gpus: 8, nodes: 1, jobs: 0, teams: ["platform"] });
    expect(coverageOf([eq("alertname", "InferenceLatencyHigh")], alerts, LABELS)).toMatchObject({ alerts: 4, gpus: 0, nodes: 0, teams: ["inference"] });
    expect(coverageOf([eq("alertname", "NoSuchAlert")], alerts, LABELS)).toMatchObject({ alerts: 0, gpus: 0, nodes: 0, jobs: 0, teams: [] });
  });
});

describe("when a silence needs a confirmation", () => {
  const concerns = (matchers: Matcher[], authorTeams: string[] = [], lengthMs = 2 * H) => concernsOf({ startsAt: now, endsAt: now + lengthMs }, coverageOf(matchers, alerts, LABELS), authorTeams, POLICY).map((c) => c.code);

  it("a node's or an alert's silence on one team, for two hours, needs none", () => {
    expect(concerns([eq("Hostname", "eu-west-gpu-005")])).toEqual([]);
    expect(concerns([eq("alertname", "GpuXidErrors"), eq("Hostname", "eu-west-gpu-002"), eq("gpu", "3")])).toEqual([]);
  });

  it("more than the share of the firing alerts, with a count that says so", () => {
    const c = concernsOf({ startsAt: now, endsAt: now + H }, coverageOf([eq("severity", "warning")], alerts, LABELS), [], POLICY);
    const share = c.find((x) => x.code === "share");
    expect(share?.message).toMatch(/^covers \d+ of the 46 alerts firing \(\d+ %; more than 25 % needs a confirmation\)$/);
    // A few alerts are never broad by share, however small the fleet's list.
    const small = coverageOf([eq("alertname", "ExporterTargetDown")], alerts.slice(0, 4), LABELS);
    expect(concernsOf({ startsAt: now, endsAt: now + H }, small, [], POLICY)).toEqual([]);
  });

  it("alerts of another team than the author's; for an author in no team, of several teams", () => {
    expect(concerns([eq("alertname", "InferenceLatencyHigh")], ["ml-research"])).toEqual(["other-teams"]);
    expect(concerns([eq("alertname", "InferenceLatencyHigh")], ["inference"])).toEqual([]);
    expect(concerns([eq("cluster", "us-east"), re("alertname", "Gpu.*|Inference.*")])).toContain("other-teams");
    expect(concerns([eq("alertname", "InferenceLatencyHigh")], [])).toEqual([]);
  });

  it("longer than the maximum, saying how long", () => {
    const c = concernsOf({ startsAt: now, endsAt: now + 10 * 86_400_000 }, null, [], POLICY);
    expect(c).toEqual([{ code: "duration", message: "runs 10 d, longer than 7 d" }]);
    expect(concernsOf({ startsAt: now, endsAt: now + 7 * 86_400_000 }, null, [], POLICY)).toEqual([]);
    expect(concernsOf({ startsAt: now, endsAt: now + 250 * H }, null, [], POLICY)[0]?.message).toBe("runs 10.4 d, longer than 7 d");
    expect(concernsOf({ startsAt: now, endsAt: now + 36 * H }, null, [], { ...POLICY, maxDurationMs: 24 * H })[0]?.message).toBe("runs 36 h, longer than 24 h");
  });

  it("with no Alertmanager answering, only the length is judged", () => {
    expect(concernsOf({ startsAt: now, endsAt: now + H }, null, ["inference"], POLICY)).toEqual([]);
  });
});
