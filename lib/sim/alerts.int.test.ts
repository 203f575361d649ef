import { afterAll, describe, expect, it } from "vitest";
import { instantQuery, until } from "../../scripts/test/prometheus";
import { METRICS_MD_NAMES } from "./metric-names";

const PROMETHEUS_URL = process.env.PROMETHEUS_URL!;
const ALERTMANAGER_URL = process.env.ALERTMANAGER_URL!;
const SIM_URL = process.env.SIM_URL!;

const instant = (query: string) => instantQuery(PROMETHEUS_URL, query);

describe("the monitoring stack on the simulated fleet", () => {
  it("has series for every metric name of METRICS.md", async () => {
    // The fleet's 17 targets and Alertmanager; the console's own job waits for the e2e stage's console.
    await until("the first scrapes of every job", async () => ((await instant('count(up{job!="console"} == 1)'))[0]?.value[1] === "18" ? true : undefined));
    const missing: string[] = [];
    for (const name of METRICS_MD_NAMES) {
      const candidates = [name, `${name}_bucket`];
      const found = await Promise.all(candidates.map(async (n) => (await instant(`count({__name__="${n}"})`)).length > 0));
      if (!found.some(Boolean)) missing.push(name);
    }
    expect(missing).toEqual([]);
  });

  it("derives team from namespace on GPU, inference and training series", async () => {
    const rows = await instant('count by (team, namespace) ({__name__=~"DCGM_FI_DEV_GPU_UTIL|ml_inferences_total|training_loss", namespace!=""})');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.metric.team, r.metric.namespace).toBeTruthy();
  });

  it("evaluates every rule without error", async () => {
    const groups = await until("every rule evaluated once", async () => {
      const r = await fetch(`${PROMETHEUS_URL}/api/v1/rules`);
      const body = (await r.json()) as { data: { groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] } };
      const rules = body.data.groups.flatMap((g) => g.rules);
      return rules.length > 0 && rules.every((rule) => rule.health !== "unknown") ? rules : undefined;
    });
    expect(groups.length).toBeGreaterThanOrEqual(37);
    expect(groups.filter((r) => r.health !== "ok").map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
  });
});

describe("faults switched on in the simulator reach Alertmanager as alerts", () => {
  const faults = [
    { name: "thermal-throttle", target: "us-east-gpu-002" },
    { name: "xid-storm", target: "us-east-gpu-001" },
    { name: "dead-node", target: "eu-west-gpu-002" },
  ];

  afterAll(async () => {
    await fetch(`${SIM_URL}/faults`, { method: "DELETE" });
    // Leave the stack as other tests expect it: every target up again, all GPUs reporting.
    await until("the fleet to recover", async () => ((await instant('count(up{job="dcgm"} == 1)'))[0]?.value[1] === "4" ? true : undefined));
    await until("all GPU series back", async () => ((await instant("count(DCGM_FI_DEV_GPU_UTIL)"))[0]?.value[1] === "32" ? true : undefined));
  });

  it("refuses a fault with an unknown name or target, saying which", async () => {
    const bad = await fetch(`${SIM_URL}/faults`, { method: "POST", body: JSON.stringify({ name: "thermal-throttle", target: "no-such-node" }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('needs a node as target; "no-such-node" is not one');
    const unknown = await fetch(`${SIM_URL}/faults`, { method: "POST", body: JSON.stringify({ name: "meteor", target: "x" }) });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/^name: /);
  });

  it("thermal throttling, an XID storm and a dead node each raise their alert", async () => {
    for (const f of faults) {
      const r = await fetch(`${SIM_URL}/faults`, { method: "POST", body: JSON.stringify({ ...f, for: "10m" }) });
      expect(r.status).toBe(201);
    }
    const list = (await (await fetch(`${SIM_URL}/faults`)).json()) as { active: { name: string }[] };
    expect(list.active.map((f) => f.name).sort()).toEqual(faults.map((f) => f.name).sort());

    const expected = [
      { alertname: "GpuThermalThrottling", label: "Hostname", value: "us-east-gpu-002" },
      { alertname: "GpuTemperatureHigh", label: "Hostname", value: "us-east-gpu-002" },
      { alertname: "GpuXidErrors", label: "Hostname", value: "us-east-gpu-001" },
      { alertname: "ExporterTargetDown", label: "instance", value: "eu-west-gpu-002:9400" },
    ];
    const seen = await until(
      "the alerts in Alertmanager",
      async () => {
        const r = await fetch(`${ALERTMANAGER_URL}/api/v2/alerts`);
        const alerts = (await r.json()) as { labels: Record<string, string>; annotations: Record<string, string> }[];
        const ok = expected.every((e) => alerts.some((a) => a.labels.alertname === e.alertname && a.labels[e.label] === e.value));
        return ok ? alerts : undefined;
      },
      90_000,
    );
    for (const a of seen.filter((x) => expected.some((e) => e.alertname === x.labels.alertname))) {
      expect(a.labels.severity).toMatch(/^(critical|warning|info)$/);
      expect(a.labels.team).toBe("platform");
      expect(a.annotations.runbook_url).toMatch(new RegExp(`^/runbooks/for\\?alertname=${a.labels.alertname}`));
    }
  }, 120_000);
});
