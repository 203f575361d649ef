import { beforeAll, describe, expect, it } from "vitest";
import { waitForFleetData } from "../../../scripts/test/prometheus";
import { findDatasource } from "./datasources";
import { answerByDays } from "./extents";
import { proxyPromRequest } from "./handler";
import { parseQuery } from "./query";
import { resultStore } from "./results";
import { proxyMetrics } from "./metrics";
import type { MatrixSeries } from "./split";

/**
 * Range queries over days, against the harness' real Prometheus: answered day by day
 * from the extents the proxy keeps, they equal Prometheus' own answer, and a window moved
 * by a step asks upstream only for its new edge.
 */
const PROMETHEUS_URL = process.env.PROMETHEUS_URL!;
const DAY = 86_400;

const ask = (query: string, start: number, end: number, step: number) =>
  proxyPromRequest({ datasource: "default", path: ["query_range"], urlParams: new URLSearchParams(), bodyParams: new URLSearchParams({ query, start: String(start), end: String(end), step: String(step) }), scope: null });

async function direct(query: string, start: number, end: number, step: number): Promise<MatrixSeries[]> {
  const body = new URLSearchParams({ query, start: String(start), end: String(end), step: String(step) });
  const r = await fetch(`${PROMETHEUS_URL}/api/v1/query_range`, { method: "POST", body });
  return ((await r.json()) as { data: { result: MatrixSeries[] } }).data.result;
}

const sorted = (m: MatrixSeries[]) => [...m].sort((a, b) => JSON.stringify(a.metric).localeCompare(JSON.stringify(b.metric)));
const upstreamCalls = async () => (await proxyMetrics().upstreamCalls.get()).values.reduce((n, v) => n + v.value, 0);

describe("range queries over days, from kept extents", () => {
  beforeAll(() => waitForFleetData(PROMETHEUS_URL), 60_000);

  it("a query over three days, answered by its days, is Prometheus' answer exactly", async () => {
    const step = 300;
    const end = Math.floor(Date.now() / 1000 / step) * step - 600;
    const start = end - 3 * DAY;
    for (const query of ["sum by (cluster) (DCGM_FI_DEV_GPU_UTIL)", "max by (Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP)", "vector(time())"]) {
      const proxied = await ask(query, start, end, step);
      expect(proxied.status).toBe(200);
      const result = (proxied.body as { data: { result: MatrixSeries[] } }).data.result;
      expect(sorted(result)).toEqual(sorted(await direct(query, start, end, step)));
    }
  });

  it("a window moved by a step asks upstream only for its new edge; the days before are served from what is kept", async () => {
    const step = 60;
    const query = "vector(time()) * 2";
    const end = Math.floor(Date.now() / 1000 / step) * step - 3600;
    const start = end - 2 * DAY;
    const first = await upstreamCalls();
    const whole = await ask(query, start, end, step);
    expect(whole.status).toBe(200);
    const cold = (await upstreamCalls()) - first;
    // One call per UTC day the window touches (three: the edges' two partial days and one whole).
    expect(cold).toBe(3);
    const moved = await ask(query, start + step, end + step, step);
    expect(moved.status).toBe(200);
    expect((await upstreamCalls()) - first - cold).toBe(1);
    const values = (moved.body as { data: { result: MatrixSeries[] } }).data.result[0]!.values;
    expect(values).toHaveLength(2 * DAY / step + 1);
    expect(values[0]).toEqual([start + step, String(2 * (start + step))]);
    expect(values.at(-1)).toEqual([end + step, String(2 * (end + step))]);
  });

  it("an extent is built on for a day at most from its first samples: after that the days are asked again (late data, a backfill, shows)", async () => {
    const step = 60;
    const end = Math.floor(Date.now() / 1000 / step) * step - 3600;
    const params = new URLSearchParams({ end: String(end), query: "vector(time()) * 3", start: String(end - 2 * DAY), step: String(step) });
    const store = await resultStore();
    const run = (nowMs: number) =>
      answerByDays({ ds: findDatasource("default")!, params, query: parseQuery("vector(time()) * 3"), store, keyOf: (day, phase) => `late|${day}|${phase}`, freshnessMs: 60_000, nowMs });
    const first = await upstreamCalls();
    expect((await run(Date.now()))!.status).toBe(200);
    expect((await upstreamCalls()) - first).toBe(3);
    await run(Date.now());
    expect((await upstreamCalls()) - first).toBe(3);
    await run(Date.now() + 25 * 3_600_000);
    expect((await upstreamCalls()) - first).toBe(6);
  });
});
