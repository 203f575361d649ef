import { beforeAll, describe, expect, it } from "vitest";
import { instantQuery, waitForFleetData } from "../../../scripts/test/prometheus";
import { proxyPromRequest, type ProxyRequest } from "./handler";

const PROMETHEUS_URL = process.env.PROMETHEUS_URL!;

function ask(path: string, params: Record<string, string | string[]>, scope: string[] | null, extra: Partial<ProxyRequest> = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) body.append(k, x);
  return proxyPromRequest({ datasource: "default", path: path.split("/"), urlParams: new URLSearchParams(), bodyParams: body, scope, ...extra });
}

async function direct(path: string, params: Record<string, string>) {
  const r = await fetch(`${PROMETHEUS_URL}/api/v1/${path}?${new URLSearchParams(params)}`);
  return r.json() as Promise<{ status: string; data: unknown }>;
}

type Vector = { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };

/** Two teams that hold GPUs right now in the test fleet: the scope, and the other one. */
let MINE = "";
let THEIRS = "";

beforeAll(async () => {
  await waitForFleetData(PROMETHEUS_URL);
  const teams = (await instantQuery(PROMETHEUS_URL, 'count by (team) (DCGM_FI_DEV_GPU_UTIL{team!=""})')).map((r) => r.metric.team!).sort();
  expect(teams.length).toBeGreaterThanOrEqual(2);
  [MINE, THEIRS] = teams as [string, string];
}, 60_000);

describe("every endpoint, unscoped, answers as Prometheus does", () => {
  const now = String(Math.floor(Date.now() / 1000) - 30);
  it.each([
    ["query", { query: "count by (cluster) (DCGM_FI_DEV_GPU_UTIL)", time: now }],
    ["series", { "match[]": 'DCGM_FI_DEV_GPU_UTIL{gpu="0"}', start: String(Number(now) - 60), end: now }],
    ["labels", { start: String(Number(now) - 60), end: now }],
    ["label/cluster/values", {}],
    ["metadata", { metric: "DCGM_FI_DEV_GPU_UTIL" }],
    ["status/buildinfo", {}],
  ])("%s", async (path, params) => {
    const viaProxy = await ask(path, params, null);
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.body).toEqual(await direct(path, params as Record<string, string>));
  });

  it("query_exemplars, rules and alerts answer with Prometheus' shapes", async () => {
    const end = Math.floor(Date.now() / 1000);
    expect(await ask("query_exemplars", { query: "up", start: String(end - 60), end: String(end) }, null)).toMatchObject({ status: 200, body: { status: "success" } });
    expect(await ask("rules", {}, null)).toMatchObject({ status: 200, body: { status: "success", data: { groups: expect.any(Array) } } });
    expect(await ask("alerts", {}, null)).toMatchObject({ status: 200, body: { status: "success", data: { alerts: expect.any(Array) } } });
  });
});

describe("Prometheus' parameter rules, before anything goes upstream", () => {
  it.each([
    [{ query: "up", start: "100", end: "50", step: "15" }, "end timestamp must not be before start time"],
    [{ query: "up", start: "0", end: "60", step: "-1" }, "zero or negative query resolution"],
    [{ query: "up", start: "0", end: "86400", step: "1" }, "exceeded maximum resolution of 11,000 points"],
    [{ query: "up", start: "soon", end: "60", step: "15" }, 'invalid parameter "start"'],
    [{ query: "x".repeat(40_000), start: "0", end: "60", step: "15" }, "longer than"],
  ])("%j → 400", async (params, message) => {
    const r = await ask("query_range", params, null);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ status: "error", errorType: "bad_data", error: expect.stringContaining(message) });
  });

  it("maxDataPoints picks a clean step and aligns the range", async () => {
    const end = Math.floor(Date.now() / 1000);
    const r = await ask("query_range", { query: "fleet:gpu_utilization:avg", start: String(end - 3600), end: String(end), maxDataPoints: "200" }, null);
    expect(r.status).toBe(200);
    const values = (r.body as { data: { result: { values: [number, string][] }[] } }).data.result[0]?.values ?? [];
    expect(values.length).toBeLessThanOrEqual(200);
    const step = values.length > 1 ? values[1]![0] - values[0]![0] : 30;
    expect([30, 60]).toContain(step);
    for (const [t] of values) expect(t % step).toBe(0);
  });

  it("refuses an invalid label name and an unknown endpoint", async () => {
    expect(await ask("label/bad-name/values", {}, null)).toMatchObject({ status: 400 });
    expect(await ask("admin/tsdb/snapshot", {}, null)).toMatchObject({ status: 404, body: { errorType: "not_found" } });
  });
});

describe("team scope (a developer of one team)", () => {
  const scope = () => [MINE];

  it("sees only the team's series, whatever the query names", async () => {
    const all = (await ask("query", { query: "count by (team) (DCGM_FI_DEV_GPU_UTIL)" }, null)).body as Vector;
    const mine = (await ask("query", { query: "count by (team) (DCGM_FI_DEV_GPU_UTIL)" }, scope())).body as Vector;
    expect(all.data.result.length).toBeGreaterThanOrEqual(2);
    expect(mine.data.result.map((r) => r.metric.team)).toEqual([MINE]);
    const everything = (await ask("query", { query: '{__name__=~"DCGM_FI_DEV_.*"}' }, scope())).body as Vector;
    expect(everything.data.result.length).toBeGreaterThan(0);
    for (const r of everything.data.result) expect(r.metric.team).toBe(MINE);
  });

  it("is refused (403) when naming another team", async () => {
    const r = await ask("query", { query: `DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}` }, scope());
    expect(r).toMatchObject({ status: 403, body: { status: "error", errorType: "forbidden" } });
  });

  it("gets scoped series, label values and metadata", async () => {
    const series = (await ask("series", { "match[]": "DCGM_FI_DEV_GPU_UTIL" }, scope())).body as { data: Record<string, string>[] };
    expect(series.data.length).toBeGreaterThan(0);
    for (const s of series.data) expect(s.team).toBe(MINE);
    const teams = (await ask("label/team/values", {}, scope())).body as { data: string[] };
    expect(teams.data).toEqual([MINE]);
    const meta = (await ask("metadata", {}, scope())).body as { data: Record<string, unknown> };
    expect(meta.data).toHaveProperty("DCGM_FI_DEV_GPU_UTIL");
    expect(meta.data).not.toHaveProperty("scheduler_allocatable_gpus"); // a cluster-level metric without team
    expect(meta.data).not.toHaveProperty("rack_coolant_flow_liters_per_minute");
  });

  it("gets only the team's alerts and rules", async () => {
    const alerts = (await ask("alerts", {}, scope())).body as { data: { alerts: { labels: Record<string, string> }[] } };
    for (const a of alerts.data.alerts) expect(a.labels.team).toBe(MINE);
    const rules = (await ask("rules", {}, scope())).body as { data: { groups: { rules: { name: string }[] }[] } };
    const names = rules.data.groups.flatMap((g) => g.rules.map((r) => r.name));
    expect(names).not.toContain("GpuTemperatureHigh"); // a platform alert
  });
});

describe("cache and in-flight sharing", () => {
  // A window of the imported history: settled data, long cached.
  const end = Math.floor(Date.now() / 1000) - 2 * 86400;
  const params = { query: "sum by (team) (DCGM_FI_DEV_GPU_UTIL)", start: String(end - 6 * 3600), end: String(end), step: "1800" };

  it("serves a repeated range from the cache", async () => {
    const first = await ask("query_range", params, null);
    const second = await ask("query_range", params, null);
    expect(first.cache).toMatch(/miss|hit/);
    expect(second.cache).toBe("hit");
    expect(second.body).toEqual(first.body);
  });

  it("never serves one team's cached answer to another", async () => {
    const a = await ask("query_range", params, [MINE]);
    const b = await ask("query_range", params, [THEIRS]);
    expect(b.cache).not.toBe("hit");
    const teamsOf = (x: typeof a) => (x.body as { data: { result: { metric: Record<string, string> }[] } }).data.result.map((r) => r.metric.team);
    expect(teamsOf(a).every((t) => t === MINE)).toBe(true);
    expect(teamsOf(b).every((t) => t === THEIRS)).toBe(true);
  });

  it("lets identical concurrent requests share one upstream call", async () => {
    const fresh = { ...params, query: `count(DCGM_FI_DEV_GPU_TEMP) + ${Date.now()}` };
    const answers = await Promise.all(Array.from({ length: 5 }, () => ask("query_range", fresh, null)));
    expect(answers.filter((a) => a.cache === "miss")).toHaveLength(1);
    expect(answers.filter((a) => a.cache === "shared")).toHaveLength(4);
  });
});
