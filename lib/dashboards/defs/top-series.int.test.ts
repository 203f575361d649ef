import { beforeAll, describe, expect, it } from "vitest";
import { until, waitForFleetData } from "../../../scripts/test/prometheus";
import { dashboardFor } from "../index";
import { ALL, interpolate, interpolateBuiltins } from "../variables";
import { TOP_SERIES } from "./top-series";

/** The test fleet has 32 GPUs on 4 nodes: more than TOP_SERIES, so the per-GPU panels must choose. */
const PROM = process.env.PROMETHEUS_URL!;
type Row = { metric: Record<string, string>; value: [number, string] };

async function at(query: string, time: number): Promise<Row[]> {
  const r = await fetch(`${PROM}/api/v1/query`, { method: "POST", body: new URLSearchParams({ query, time: String(time) }) });
  const body = (await r.json()) as { status: string; error?: string; data: { result: Row[] } };
  expect(body.status, body.error).toBe("success");
  return body.data.result;
}
const gpuKey = (m: Record<string, string>) => `${m.cluster}/${m.Hostname}/${m.gpu}`;

describe("the SRE dashboard's per-GPU panels draw the top GPUs over the window and every alerting one", () => {
  const def = dashboardFor("sre", "release")!;
  const panelExpr = (id: string, node: string) =>
    interpolate(interpolateBuiltins(def.panels.find((p) => p.id === id)!.queries[0]!.expr, { rangeSeconds: 600, intervalSeconds: 15 }), {
      datasource: ["default"],
      cluster: [ALL],
      model: [ALL],
      node: [node],
    });

  beforeAll(() => waitForFleetData(PROM), 60_000);

  it(`at All: ${TOP_SERIES} of the 32 GPUs, none left out that ran hotter, every alerting GPU kept`, async () => {
    const time = Math.floor(Date.now() / 1000) - 5;
    const [drawn, peaks, alerting] = await Promise.all([
      at(panelExpr("gpu-temperature", ALL), time),
      at("max by (cluster, Hostname, gpu) (max_over_time(DCGM_FI_DEV_GPU_TEMP[600s]))", time),
      at('max by (cluster, Hostname, gpu) (max_over_time(ALERTS{gpu!=""}[600s]))', time),
    ]);
    expect(peaks).toHaveLength(32);
    const peak = new Map(peaks.map((r) => [gpuKey(r.metric), Number(r.value[1])]));
    const alertingKeys = new Set(alerting.map((r) => gpuKey(r.metric)).filter((k) => peak.has(k)));
    const drawnKeys = new Set(drawn.map((r) => gpuKey(r.metric)));
    for (const k of alertingKeys) expect(drawnKeys.has(k), `alerting GPU ${k} is drawn`).toBe(true);
    const ranked = [...drawnKeys].filter((k) => !alertingKeys.has(k));
    expect(drawnKeys.size).toBeGreaterThanOrEqual(TOP_SERIES);
    expect(drawnKeys.size).toBeLessThanOrEqual(TOP_SERIES + alertingKeys.size);
    // No GPU that was left out peaked above one that was drawn for its rank.
    const coolestDrawn = Math.min(...ranked.map((k) => peak.get(k)!));
    for (const [k, v] of peak) if (!drawnKeys.has(k)) expect(v, `${k} left out`).toBeLessThanOrEqual(coolestDrawn);
    // The values drawn are the panel's own (the GPU's temperature now), not the ranking's.
    const now = new Map((await at("max by (cluster, Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP)", time)).map((r) => [gpuKey(r.metric), r.value[1]]));
    for (const r of drawn) expect(r.value[1]).toBe(now.get(gpuKey(r.metric)));
  });

  it("one node chosen: all of its 8 GPUs, and a per-node panel its one node", async () => {
    const node = (await at("max by (Hostname) (DCGM_FI_DEV_GPU_UTIL)", Math.floor(Date.now() / 1000)))[0]!.metric.Hostname!;
    const time = Math.floor(Date.now() / 1000) - 5;
    for (const id of ["gpu-utilization", "gpu-temperature", "memory-temperature"]) {
      const rows = await at(panelExpr(id, node), time);
      expect(rows.map((r) => r.metric.Hostname), id).toEqual(Array(8).fill(node));
    }
    for (const id of ["power", "sm-clock", "nvlink-traffic", "infiniband-traffic", "storage-queue"]) {
      // A subquery ranking (sm-clock's) evaluates at whole multiples of its step: a Prometheus seconds old may have none yet.
      const rows = await until(`${id} for ${node}`, async () => {
        const r = await at(panelExpr(id, node), Math.floor(Date.now() / 1000) - 5);
        return r.length > 0 ? r : undefined;
      }, 30_000);
      expect(rows.map((r) => r.metric.Hostname), id).toEqual([node]);
    }
  });
});
