import { beforeAll, describe, expect, it } from "vitest";
import { instantQuery, until, waitForFleetData } from "../../../scripts/test/prometheus";
import { dashboardFor } from "../index";
import { ALL, interpolate } from "../variables";

/**
 * MIG on the real stack: the test fleet's simulator partitions eu-west-gpu-002's GPU 7
 * into four instances (3g.40gb, 2g.20gb, 1g.10gb ×2); Prometheus scrapes them with
 * GPU_I_PROFILE and GPU_I_ID; the GPU page's MIG table lists them (for that GPU only), the
 * SRE heatmap draws the GPU as its four instances, and the fleet grid gets them for its cell.
 */
const PROM = process.env.PROMETHEUS_URL!;
const def = dashboardFor("gpu", "release")!;
const panelExpr = (id: string, gpu: string) => interpolate(def.panels.find((p) => p.id === id)!.queries[0]!.expr, { uuid: [ALL], node: ["eu-west-gpu-002"], gpu: [gpu] });

describe("a MIG-partitioned GPU is drawn as its instances on the GPU page, the heatmap and the fleet grid", () => {
  beforeAll(() => waitForFleetData(PROM), 60_000);

  it("the GPU page's table lists the four instances with their profiles and engine activity", async () => {
    const rows = await until("the MIG instances in Prometheus", async () => {
      const r = await instantQuery(PROM, panelExpr("mig-instances", "7"));
      return r.length === 4 ? r : undefined;
    });
    expect(rows.map((r) => `${r.metric.GPU_I_ID}:${r.metric.GPU_I_PROFILE}`).sort()).toEqual(["1:3g.40gb", "2:2g.20gb", "3:1g.10gb", "4:1g.10gb"]);
    for (const r of rows) {
      expect(Number(r.value[1])).toBeGreaterThanOrEqual(0);
      expect(Number(r.value[1])).toBeLessThanOrEqual(100);
    }
    // A GPU that is not partitioned has none; the whole-GPU engine chart leaves the instances out.
    expect(await instantQuery(PROM, panelExpr("mig-instances", "6"))).toEqual([]);
    const whole = await instantQuery(PROM, interpolate(def.panels.find((p) => p.id === "profiling")!.queries[0]!.expr, { uuid: [ALL], node: ["eu-west-gpu-002"], gpu: ["7"] }));
    expect(whole).toHaveLength(1);
    expect(whole[0]!.metric.GPU_I_ID).toBeUndefined();
    // Fleet-wide there are exactly those four instance series.
    expect((await instantQuery(PROM, 'count(DCGM_FI_PROF_GR_ENGINE_ACTIVE{GPU_I_ID!=""})'))[0]?.value[1]).toBe("4");
  });

  it("the SRE heatmap has a row per whole GPU and, for the partitioned one, a row per instance named by profile and id", async () => {
    const sre = dashboardFor("sre", "release")!;
    const values = { datasource: ["default"], cluster: [ALL], model: [ALL], node: [ALL] };
    const heatmap = interpolate(sre.panels.find((p) => p.id === "gpu-heatmap")!.queries[0]!.expr, values);
    const rows = await instantQuery(PROM, heatmap);
    expect(rows).toHaveLength(31 + 4);
    const mig = rows.filter((r) => r.metric.mig !== undefined);
    expect(mig.map((r) => `${r.metric.Hostname} GPU ${r.metric.gpu}${r.metric.mig}`).sort()).toEqual([
      "eu-west-gpu-002 GPU 7 · 1g.10gb #3",
      "eu-west-gpu-002 GPU 7 · 1g.10gb #4",
      "eu-west-gpu-002 GPU 7 · 2g.20gb #2",
      "eu-west-gpu-002 GPU 7 · 3g.40gb #1",
    ]);
    expect(rows.some((r) => r.metric.Hostname === "eu-west-gpu-002" && r.metric.gpu === "7" && r.metric.mig === undefined)).toBe(false);
    const grid = sre.panels.find((p) => p.id === "fleet-grid")!;
    expect(await instantQuery(PROM, interpolate(grid.queries[1]!.expr, values))).toHaveLength(4);
  });
});
