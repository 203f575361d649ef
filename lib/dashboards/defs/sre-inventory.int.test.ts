import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instantQuery, until, waitForFleetData } from "../../../scripts/test/prometheus";
import { dashboardFor } from "../index";
import { ALL, interpolate, interpolateBuiltins } from "../variables";

/**
 * The inventory panels and GpuFellOffTheBus on the real stack: the simulator's `gpu-lost`
 * fault takes one GPU off a node's dcgm-exporter; the SRE dashboard's own queries (as the
 * panels send them) must show the node one short, the GPU gone with its UUID, and the
 * alert must reach Alertmanager.
 */
const PROM = process.env.PROMETHEUS_URL!;
const AM = process.env.ALERTMANAGER_URL!;
const SIM = process.env.SIM_URL!;
const NODE = "eu-west-gpu-001";
const SLOT = "5";

const def = dashboardFor("sre", "release")!;
const panel = (id: string) => def.panels.find((p) => p.id === id)!;
const expr = (template: string) =>
  interpolate(interpolateBuiltins(template, { rangeSeconds: 3600, intervalSeconds: 15 }), { datasource: ["default"], cluster: [ALL], model: [ALL], node: [ALL] });
const column = async (id: string, header: string) => {
  const q = panel(id).queries.find((x) => "header" in x && x.header === header)!;
  return instantQuery(PROM, expr(q.expr));
};

describe("a GPU that falls off the bus shows in the SRE dashboard's inventory and fires GpuFellOffTheBus", () => {
  let uuid = "";
  let faultId = 0;

  beforeAll(async () => {
    await waitForFleetData(PROM);
    // The node's eight GPUs counted by the inventory rules before the fault.
    await until("the inventory rules", async () => {
      const rows = await instantQuery(PROM, `node:gpus_expected:max7d{Hostname="${NODE}"}`);
      return rows[0]?.value[1] === "8" ? true : undefined;
    });
    uuid = (await instantQuery(PROM, `DCGM_FI_DEV_GPU_UTIL{Hostname="${NODE}", gpu="${SLOT}"}`))[0]!.metric.UUID!;
    const r = await fetch(`${SIM}/faults`, { method: "POST", body: JSON.stringify({ name: "gpu-lost", target: `${NODE}/${SLOT}`, for: "10m" }) });
    expect(r.status).toBe(201);
    faultId = ((await r.json()) as { id: number }).id;
  }, 90_000);

  afterAll(async () => {
    await fetch(`${SIM}/faults/${faultId}`, { method: "DELETE" });
    // Back, and for long enough that the next file's queries a few seconds in the past see it too.
    await until("all GPU series back for 15 s", async () => ((await instantQuery(PROM, "count(DCGM_FI_DEV_GPU_UTIL offset 15s)"))[0]?.value[1] === "32" ? true : undefined));
  }, 90_000);

  it("the node is one GPU short: expected 8, reporting 7, missing 1; the stat says 1", async () => {
    const missing = await until("the node in the short-nodes table", async () => {
      const rows = await column("inventory-short-nodes", "Missing");
      return rows.find((r) => r.metric.Hostname === NODE);
    });
    expect(missing.value[1]).toBe("1");
    expect(missing.metric.modelName).toMatch(/A100/);
    const expected = await column("inventory-short-nodes", "Expected");
    const reporting = await column("inventory-short-nodes", "Reporting");
    expect(expected.map((r) => [r.metric.Hostname, r.value[1]])).toEqual([[NODE, "8"]]);
    expect(reporting.map((r) => [r.metric.Hostname, r.value[1]])).toEqual([[NODE, "7"]]);
    const stat = await instantQuery(PROM, expr(panel("gpus-missing").queries[0]!.expr));
    expect(stat.map((r) => r.value[1])).toEqual(["1"]);
  });

  it("the GPU is listed as stopped reporting, by slot and UUID, seen within the last two minutes", async () => {
    const rows = await until("the GPU in the missing table", async () => {
      const r = await column("inventory-missing-gpus", "Last seen, ago");
      return r.length > 0 ? r : undefined;
    });
    expect(rows.map((r) => [r.metric.Hostname, r.metric.gpu, r.metric.UUID])).toEqual([[NODE, SLOT, uuid]]);
    expect(Number(rows[0]!.value[1])).toBeGreaterThanOrEqual(0);
    expect(Number(rows[0]!.value[1])).toBeLessThan(120);
  });

  it("GpuFellOffTheBus reaches Alertmanager for that node, critical, with its runbook", async () => {
    const alert = await until(
      "GpuFellOffTheBus in Alertmanager",
      async () => {
        const r = await fetch(`${AM}/api/v2/alerts?filter=alertname%3D%22GpuFellOffTheBus%22`);
        const alerts = (await r.json()) as { labels: Record<string, string>; annotations: Record<string, string> }[];
        return alerts.find((a) => a.labels.Hostname === NODE);
      },
      60_000,
    );
    expect(alert.labels.severity).toBe("critical");
    expect(alert.annotations.summary).toBe(`${NODE} reports 1 fewer NVIDIA A100-SXM4-80GB GPUs than expected`);
    expect(alert.annotations.runbook_url).toBe(`/runbooks/for?alertname=GpuFellOffTheBus&Hostname=${NODE}`);
  }, 70_000);
});
