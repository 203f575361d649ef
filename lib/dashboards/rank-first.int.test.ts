import { beforeAll, describe, expect, it } from "vitest";
import { proxyPromRequest } from "@/lib/prom/proxy/handler";
import { VectorSchema } from "@/lib/prom/schemas";
import { waitForFleetData } from "../../scripts/test/prometheus";
import { dashboardFor } from "./index";
import { keptValues, rankingOf } from "./rank-first";
import { ALL, interpolate, interpolateBuiltins } from "./variables";

/**
 * A rank-first query draws what its one-step form draws, against the real Prometheus of the
 * test stack. Its 4 nodes are fewer than a top 20, so each ranking here keeps 3 (`topk(3,`):
 * the two-step range then reads only the nodes those 3 are on, and must answer the same.
 */
const SRE = dashboardFor("sre", "release")!;
const STEP = 15;
const ask = async (path: "query" | "query_range", params: Record<string, string>) => {
  const r = await proxyPromRequest({ datasource: "default", path: [path], urlParams: new URLSearchParams(), bodyParams: new URLSearchParams(params), scope: null });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as { data: unknown }).data;
};
type Matrix = { result: { metric: Record<string, string>; values: [number, string][] }[] };
const byLabels = (m: Matrix) => Object.fromEntries(m.result.map((s) => [JSON.stringify(Object.entries(s.metric).sort()), s.values]));

const cases = SRE.panels.flatMap((p) =>
  p.queries.filter((q) => q.rankFirst).flatMap((q) => [[`${p.id}`, q.expr, q] as const, ...(q.raw ? [[`${p.id} (raw)`, q.raw, q] as const] : [])]),
);

beforeAll(async () => {
  await waitForFleetData(process.env.PROMETHEUS_URL!);
}, 130_000);

describe("rank-first queries of the SRE dashboard", () => {
  it("are the top-N charts of GPUs and nodes", () => {
    expect(cases.map(([id]) => id)).toEqual(expect.arrayContaining(["gpu-utilization", "gpu-temperature", "memory-temperature", "power", "sm-clock", "nvlink-traffic", "infiniband-traffic"]));
  });

  it.each(cases)("%s: the ranking first, then the kept nodes' range, answers as the one-step query", async (_, template, q) => {
    // A window that has passed (both steps see the same samples) on a Prometheus that may be a minute old.
    const end = Math.floor(Date.now() / 1000 / STEP) * STEP;
    const window = { start: String(end - 600), end: String(end), step: String(STEP) };
    const values = { cluster: [ALL], model: [ALL], node: [ALL] };
    const fill = (vars: Record<string, string[]>) => interpolate(interpolateBuiltins(template, { rangeSeconds: 600, intervalSeconds: STEP }), vars).replace(/\b(topk|bottomk)\(20, /g, "$1(3, ");
    const oneStep = byLabels((await ask("query_range", { query: fill(values), ...window })) as Matrix);
    const ranking = rankingOf(fill(values))!;
    const kept = keptValues(VectorSchema.parse(await ask("query", { query: ranking, time: window.end })), q.rankFirst!.label);
    expect(kept.length).toBeGreaterThan(0);
    const twoStep = byLabels((await ask("query_range", { query: fill({ ...values, [q.rankFirst!.variable]: kept }), ...window })) as Matrix);
    expect(Object.keys(oneStep).length).toBeGreaterThan(0);
    // The same series at the same steps; values equal but for float summation order (fewer series in a sum).
    expect(Object.keys(twoStep).sort()).toEqual(Object.keys(oneStep).sort());
    for (const [labels, values] of Object.entries(oneStep)) {
      expect(twoStep[labels]!.map(([t]) => t), labels).toEqual(values.map(([t]) => t));
      twoStep[labels]!.forEach(([, v], i) => expect(Math.abs(Number(v) - Number(values[i]![1])), labels).toBeLessThanOrEqual(Math.abs(Number(values[i]![1])) * 1e-12));
    }
  }, 60_000);
});
