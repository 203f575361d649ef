import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardFor, DASHBOARDS } from "@/lib/dashboards/index";
import { ALL, interpolate, interpolateBuiltins } from "@/lib/dashboards/variables";
import { freePort, httpOk, spawnService, waitUntil, type ManagedProcess } from "../../../scripts/stack/process";
import { startPrometheus } from "../../../scripts/stack/services";
import { instantQuery, until } from "../../../scripts/test/prometheus";
import { proxyPromRequest } from "./handler";

/**
 * The test fleet across two Prometheus servers that each scrape half of its targets
 * (hashmod sharding, as big fleets run it), and a third that receives both halves by
 * remote write: the reference, holding exactly the samples the shards hold, as one
 * Prometheus holding the whole fleet would. Every built-in dashboard's query, asked of
 * the console's `sharded` datasource, must answer what the reference answers.
 */
type Result = { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] };
type Body = { status: string; warnings?: string[]; errorType?: string; error?: string; data: { resultType: string; result: Result[] | [number, string] } };

let dir = "";
let reference: ManagedProcess | null = null;
const shards: ManagedProcess[] = [];
let referenceUrl = "";
const shardUrls: string[] = [];
let previousFile: string | undefined;

function ask(datasource: string, endpoint: "query" | "query_range", params: Record<string, string>) {
  return proxyPromRequest({ datasource, path: [endpoint], urlParams: new URLSearchParams(), bodyParams: new URLSearchParams(params), scope: null });
}

async function direct(endpoint: string, params: Record<string, string>): Promise<Body> {
  return (await (await fetch(`${referenceUrl}/api/v1/${endpoint}`, { method: "POST", body: new URLSearchParams(params) })).json()) as Body;
}


/** Values as numbers (NaN equal to NaN), series in label order: two Prometheus answers compared up to the order of float sums. */
function normalise(body: Body): { type: string; series: [string, [number, number][]][] } {
  const data = body.data;
  if (data.resultType === "scalar") {
    const [t, v] = data.result as [number, string];
    return { type: "scalar", series: [["", [[t, Number(v)]]]] };
  }
  const series = (data.result as Result[]).map((s): [string, [number, number][]] => [
    JSON.stringify(Object.entries(s.metric).sort()),
    (s.values ?? [s.value!]).map(([t, v]) => [t, v === "+Inf" ? Infinity : v === "-Inf" ? -Infinity : Number(v)]),
  ]);
  return { type: data.resultType, series: series.sort((a, b) => a[0].localeCompare(b[0])) };
}

function expectSame(actual: Body, expected: Body, what: string) {
  expect(actual.status, `${what}: ${JSON.stringify(actual).slice(0, 500)}`).toBe("success");
  const [a, e] = [normalise(actual), normalise(expected)];
  expect(a.type, what).toBe(e.type);
  expect(a.series.map((s) => s[0]), what).toEqual(e.series.map((s) => s[0]));
  a.series.forEach(([labels, points], i) => {
    const want = e.series[i]![1];
    expect(points.map((p) => p[0]), `${what} ${labels}`).toEqual(want.map((p) => p[0]));
    points.forEach(([, v], j) => {
      const w = want[j]![1];
      if (Number.isNaN(w) || !Number.isFinite(w)) expect(v, `${what} ${labels}`).toBe(w);
      else expect(Math.abs(v - w), `${what} ${labels}: ${v} vs ${w}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
    });
  });
}

describe("a fleet across two hashmod shards: the console's answers are the whole fleet's", () => {
  let time = 0;
  let node = "";
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "shards-"));
    const simPort = Number(new URL(process.env.SIM_URL!).port);
    const [refPort, aPort, bPort, closedPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    referenceUrl = `http://127.0.0.1:${refPort}`;
    mkdirSync(path.join(dir, "reference"), { recursive: true });
    writeFileSync(path.join(dir, "reference", "prometheus.yml"), "global:\n  scrape_interval: 1s\nscrape_configs: []\n");
    reference = spawnService(
      "prometheus-reference",
      "prometheus",
      [`--config.file=${path.join(dir, "reference", "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "reference", "data")}`, `--web.listen-address=127.0.0.1:${refPort}`, "--web.enable-remote-write-receiver"],
      { logDir: dir },
    );
    await waitUntil("the reference Prometheus", () => httpOk(`${referenceUrl}/-/ready`), 60_000);
    for (const [index, port] of [aPort!, bPort!].entries()) {
      shards.push(
        await startPrometheus(
          { name: `prometheus-shard-${index}`, port, simPort, alertmanagerPort: 1, scrapeInterval: "1s", shard: { index, of: 2 }, remoteWriteUrls: [`${referenceUrl}/api/v1/write`] },
          { dataDir: dir, logDir: dir },
        ),
      );
      shardUrls.push(`http://127.0.0.1:${port}`);
    }
    const datasources = [
      { id: "sharded", name: "Two shards", type: "prometheus", scrapeIntervalSeconds: 1, shards: shardUrls },
      { id: "sharded-half-down", name: "One shard down", type: "prometheus", scrapeIntervalSeconds: 1, shards: [shardUrls[0], `http://127.0.0.1:${closedPort}`] },
    ];
    writeFileSync(path.join(dir, "datasources.yml"), YAML.stringify({ datasources }));
    previousFile = process.env.DATASOURCES_FILE;
    process.env.DATASOURCES_FILE = path.join(dir, "datasources.yml");
    // Every GPU scraped by one shard or the other for a while, and in the reference up to `time`.
    await until("both shards to hold GPUs for 20 s", async () => {
      const held = await Promise.all(shardUrls.map((u) => instantQuery(u, "count(count_over_time(DCGM_FI_DEV_GPU_UTIL[1m]) >= 20)")));
      return held.reduce((n, r) => n + Number(r[0]?.value[1] ?? 0), 0) === 32 ? true : undefined;
    }, 90_000);
    time = Math.floor(Date.now() / 1000) - 5;
    await until("the reference to hold every GPU at the chosen time", async () => {
      const body = await direct("query", { query: "count(DCGM_FI_DEV_GPU_UTIL)", time: String(time) });
      return (body.data.result as Result[])[0]?.value?.[1] === "32" ? true : undefined;
    }, 30_000);
    // Remote write sends in batches of a second: a little more for the last one to land.
    await new Promise((r) => setTimeout(r, 3_000));
    const busy = (await direct("query", { query: "topk(1, count by (Hostname) (gpu_job_info))", time: String(time) })).data.result as Result[];
    node = busy[0]!.metric.Hostname!;
  }, 180_000);
  afterAll(async () => {
    if (previousFile === undefined) delete process.env.DATASOURCES_FILE;
    else process.env.DATASOURCES_FILE = previousFile;
    for (const s of shards) await s.stop();
    await reference?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the shards really are halves: each holds part of the GPUs, together all 32, none twice", async () => {
    const [a = 0, b = 0] = await Promise.all(shardUrls.map(async (u) => Number((await instantQuery(u, "count(DCGM_FI_DEV_GPU_UTIL)"))[0]?.value[1] ?? 0)));
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(a + b).toBe(32);
  });

  const cases = Object.keys(DASHBOARDS)
    .map((id) => dashboardFor(id, "release")!)
    .flatMap((def) =>
      def.panels.flatMap((p) =>
        p.queries.flatMap((q) => [
          [`${def.id}/${p.id}`, q.expr, def] as const,
          ...(q.raw ? [[`${def.id}/${p.id} (raw)`, q.raw, def] as const] : []),
        ]),
      ),
    );

  it(`every built-in panel's query (${cases.length}) answers across the shards what one Prometheus of the whole fleet answers`, async () => {
    let withData = 0;
    for (const [name, template, def] of cases) {
      const values = {
        ...Object.fromEntries(def.fixedVariables.map((v) => [v, v === "node" ? [node] : v === "gpu" ? ["0"] : [ALL]])),
        ...Object.fromEntries(def.variables.map((v) => [v.name, v.kind === "datasource" ? ["default"] : [ALL]])),
      };
      const expr = interpolate(interpolateBuiltins(template, { rangeSeconds: 3600, intervalSeconds: 60 }), values);
      const params = { query: expr, time: String(time) };
      const [viaShards, whole] = [(await ask("sharded", "query", params)).body as Body, await direct("query", params)];
      expect(whole.status, `${name}: the reference refused ${expr}`).toBe("success");
      // topk and bottomk choose among equal values as their input happens to be ordered, in
      // Prometheus too: the same number of series, each a valid choice, is all two servers agree on.
      if (/\b(topk|bottomk)\(/.test(expr)) expect((viaShards.data.result as Result[]).length, `${name}: ${expr}`).toBe((whole.data.result as Result[]).length);
      else expectSame(viaShards, whole, `${name}: ${expr}`);
      if (whole.data.resultType === "scalar" || (whole.data.result as Result[]).length > 0) withData++;
    }
    // Recording rules and ALERTS are empty on both (the shards evaluate no rules); the rest has data.
    expect(withData).toBeGreaterThan(cases.length / 2);
  }, 240_000);

  it("ranges too: the same steps and values as the whole fleet's, for each kind of plan", async () => {
    const range = { start: String(time - 120), end: String(time), step: "10" };
    for (const expr of [
      'DCGM_FI_DEV_GPU_UTIL{gpu="0"}',
      "sum by (cluster) (rate(DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL[30s]))",
      "avg by (modelName) (DCGM_FI_DEV_GPU_TEMP)",
      "quantile by (cluster) (0.9, DCGM_FI_DEV_GPU_UTIL)",
      "topk(3, DCGM_FI_DEV_POWER_USAGE)",
      "100 * sum(DCGM_FI_DEV_FB_USED) / sum(DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE)",
      "avg by (job_name) (DCGM_FI_DEV_GPU_UTIL * on (UUID) group_left (job_name) max by (UUID, job_name) (gpu_job_info))",
      "max_over_time(sum by (cluster) (DCGM_FI_DEV_POWER_USAGE)[1m:10s])",
      "count(DCGM_FI_DEV_GPU_UTIL > 50) or vector(0)",
    ]) {
      const viaShards = await ask("sharded", "query_range", { query: expr, ...range });
      expectSame(viaShards.body as Body, await direct("query_range", { query: expr, ...range }), expr);
    }
  }, 60_000);

  it("a shard that cannot be reached: its share missing, said in a warning, the rest answered", async () => {
    const r = await ask("sharded-half-down", "query", { query: "count(DCGM_FI_DEV_GPU_UTIL)", time: String(time) });
    const body = r.body as Body;
    expect(r.status).toBe(200);
    const own = Number((await instantQuery(shardUrls[0]!, "count(DCGM_FI_DEV_GPU_UTIL)"))[0]?.value[1]);
    expect((body.data.result as Result[])[0]?.value?.[1]).toBe(String(own));
    expect(body.warnings?.join(" ")).toMatch(/shard sharded-half-down\/shard-2 failed: .*unreachable.*its share of the series is missing/);
  });

  it("a query that cannot be split exactly is refused with 422, saying what; Prometheus' own errors pass through", async () => {
    const r = await ask("sharded", "query", { query: "absent(DCGM_FI_DEV_GPU_UTIL{gpu=\"99\"})", time: String(time) });
    expect(r.status).toBe(422);
    expect((r.body as Body).error).toMatch(/datasource "sharded" is sharded: absent\(\) over .* cannot be answered across shards/);
    const joined = await ask("sharded", "query", { query: "DCGM_FI_DEV_GPU_UTIL * on (cluster) DCGM_FI_DEV_GPU_TEMP", time: String(time) });
    expect(joined.status).toBe(422);
    expect((joined.body as Body).error).toMatch(/many-to-many matching not allowed/);
  });
});
