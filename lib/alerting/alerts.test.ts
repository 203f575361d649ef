import { describe, expect, it } from "vitest";
import { z } from "zod";
import amFixture from "./fixtures/alertmanager-alerts.json";
import promFixture from "./fixtures/prometheus-alerts.json";
import { AmAlertSchema, commonLabels, filterAlerts, groupAlerts, mergeAlerts, parseFilter, PromAlertSchema, scopeAlerts } from "./alerts";

// Real answers of the demo's Alertmanager (/api/v2/alerts, with a silence on XIDs of GPUs 0–3 of
// one node and an inhibition of InferenceLatencyHigh by GpuThermalThrottling) and Prometheus
// (/api/v1/alerts) at the same moment, with four faults switched on in the simulator.
const am = z.array(AmAlertSchema).parse(amFixture);
const prom = z.object({ data: z.object({ alerts: z.array(PromAlertSchema) }) }).parse(promFixture).data.alerts;

describe("alerts from every Alertmanager and Prometheus, as one list", () => {
  it("takes Alertmanager's alerts once each, and Prometheus' pending ones", () => {
    const merged = mergeAlerts([{ alertmanager: "a", alerts: am }], prom);
    expect(merged.filter((a) => a.state === "firing")).toHaveLength(am.length);
    const pending = prom.filter((p) => p.state === "pending");
    expect(pending.length).toBeGreaterThan(0);
    expect(merged.filter((a) => a.state === "pending")).toHaveLength(pending.length);
  });

  it("merges the members of an HA cluster: no duplicates, each alert says where it is", () => {
    const merged = mergeAlerts([{ alertmanager: "a", alerts: am }, { alertmanager: "b", alerts: am }], []);
    expect(merged).toHaveLength(am.length);
    expect(merged.every((a) => a.alertmanagers.join() === "a,b")).toBe(true);
  });

  it("says what suppresses an alert: a silence, or the alert that inhibits it", () => {
    const merged = mergeAlerts([{ alertmanager: "a", alerts: am }], []);
    const silenced = merged.filter((a) => a.suppressed?.silencedBy.length);
    expect(silenced.map((a) => a.labels.gpu).sort()).toEqual(["0", "1", "2", "3"]);
    expect(new Set(silenced.map((a) => a.labels.alertname))).toEqual(new Set(["GpuXidErrors"]));
    const inhibited = merged.filter((a) => a.suppressed?.inhibitedBy.length);
    expect(inhibited.length).toBeGreaterThan(0);
    const by = new Map(merged.map((a) => [a.key, a]));
    for (const a of inhibited) {
      expect(a.labels.alertname).toBe("InferenceLatencyHigh");
      expect(a.suppressed!.inhibitedBy.map((f) => by.get(f)?.labels.alertname)).toEqual(["GpuThermalThrottling"]);
    }
  });

  it("counts an alert as suppressed only where every member suppresses it", () => {
    const notSilenced = am.map((a) => ({ ...a, status: { state: "active" as const, silencedBy: [], inhibitedBy: [] } }));
    const merged = mergeAlerts([{ alertmanager: "a", alerts: am }, { alertmanager: "b", alerts: notSilenced }], []);
    expect(merged.filter((a) => a.suppressed)).toHaveLength(0);
  });
});

describe("filters, scope and groups", () => {
  const all = mergeAlerts([{ alertmanager: "a", alerts: am }], prom);

  it("reads Alertmanager's matcher syntax and says what is wrong", () => {
    expect(parseFilter("team=platform")).toEqual({ name: "team", value: "platform", isRegex: false, isEqual: true });
    expect(parseFilter('severity!="warning"')).toEqual({ name: "severity", value: "warning", isRegex: false, isEqual: false });
    expect(parseFilter("alertname=~Gpu.*")).toMatchObject({ isRegex: true, isEqual: true });
    expect(() => parseFilter("team")).toThrow(/is not a filter/);
    // Two labels without their comma: refused where the second starts, never read as one value.
    expect(() => parseFilter("team=inference severity=critical")).toThrow('"team=inference severity=critical": another label starts at character 16 without a comma before it (write "team=inference, severity=critical"');
    expect(parseFilter('alertname="GPU hot severity=x"')).toMatchObject({ value: "GPU hot severity=x" });
    expect(parseFilter("summary=disk full")).toMatchObject({ value: "disk full" });
    expect(() => parseFilter("alertname=~Gpu(")).toThrow(/not a valid regular expression/);
  });

  it("keeps the alerts every filter matches", () => {
    const critical = filterAlerts(all, [parseFilter("severity=critical")]);
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.every((a) => a.labels.severity === "critical")).toBe(true);
    const gpuNotXid = filterAlerts(all, [parseFilter("alertname=~Gpu.*"), parseFilter("alertname!=GpuXidErrors")]);
    expect(gpuNotXid.every((a) => a.labels.alertname!.startsWith("Gpu") && a.labels.alertname !== "GpuXidErrors")).toBe(true);
  });

  it("gives a developer their teams' alerts only", () => {
    const theirs = scopeAlerts(all, ["inference"], "team");
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((a) => a.labels.team === "inference")).toBe(true);
  });

  it("groups by alert name, team or severity: most severe first, firing before pending within", () => {
    const byName = groupAlerts(all, "alertname");
    expect(byName.map((g) => g.key)).toContain("GpuXidErrors");
    expect(byName.reduce((n, g) => n + g.alerts.length, 0)).toBe(all.length);
    const xid = byName.find((g) => g.key === "GpuXidErrors")!;
    expect(xid).toMatchObject({ suppressed: 4, firing: 4 });
    const bySeverity = groupAlerts(all, "severity");
    expect(bySeverity[0]!.key).toBe("critical");
    for (const g of byName) {
      const states = g.alerts.map((a) => a.state);
      expect(states).toEqual([...states].sort((x, y) => Number(x === "pending") - Number(y === "pending")));
    }
  });
});

describe("labels shared by a group", () => {
  it("are those every alert has with the same value", () => {
    const xid = mergeAlerts([{ alertmanager: "a", alerts: am }], []).filter((a) => a.labels.alertname === "GpuXidErrors");
    const common = commonLabels(xid);
    expect(common).toMatchObject({ alertname: "GpuXidErrors", Hostname: "eu-west-gpu-005", cluster: "eu-west" });
    expect(common.gpu).toBeUndefined();
    expect(commonLabels([])).toEqual({});
  });
});

