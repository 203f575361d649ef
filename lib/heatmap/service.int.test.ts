import { beforeAll, describe, expect, it } from "vitest";
import { instantQuery, until } from "../../scripts/test/prometheus";
import { decodeHeatmap } from "./codec";
import { heatmapFor } from "./service";

const PROMETHEUS_URL = process.env.PROMETHEUS_URL!;
const QUERY = "max by (cluster, Hostname, gpu, team) (DCGM_FI_DEV_GPU_UTIL)";

function params(extra: Record<string, string>) {
  const end = Math.floor(Date.now() / 1000) - 2;
  return new URLSearchParams({ query: QUERY, start: String(end - 30), end: String(end), step: "5", rows: "100", ...extra });
}

function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe("the heatmap endpoint's service against the real Prometheus", () => {
  let gpus = 0;
  beforeAll(async () => {
    gpus = await until("Prometheus to have every GPU", async () => {
      // Samples at least a few seconds old, so the range below (ending 2 s ago) has them.
      const n = Number((await instantQuery(PROMETHEUS_URL, "count(DCGM_FI_DEV_GPU_UTIL offset 5s)"))[0]?.value[1] ?? 0);
      return n === 32 ? n : undefined;
    });
  }, 70_000);

  it("draws every GPU, and folds them when there are fewer rows than GPUs", async () => {
    const full = await heatmapFor({ datasource: "default", params: params({}), scope: null });
    if (!full.ok) throw new Error(JSON.stringify(full.body));
    const h = decodeHeatmap(buffer(full.bytes));
    expect(h.members).toHaveLength(gpus);
    expect(h.header).toMatchObject({ rows: gpus, cols: 7, groupSize: 1, step: 5 });
    expect(full.series).toBe(gpus);

    const folded = await heatmapFor({ datasource: "default", params: params({ rows: "4", aggregate: "mean" }), scope: null });
    if (!folded.ok) throw new Error(JSON.stringify(folded.body));
    expect(decodeHeatmap(buffer(folded.bytes)).header).toMatchObject({ rows: 4, groupSize: 8, aggregate: "mean", argmax: false });
  });

  it("keeps a team-scoped caller to its team's GPUs, through the proxy's label enforcement", async () => {
    // A team that holds GPUs right now (jobs come and go in the simulator).
    const team = await until("a team holding GPUs", async () => (await instantQuery(PROMETHEUS_URL, 'count by (team) (DCGM_FI_DEV_GPU_UTIL{team!=""})'))[0]?.metric.team);
    const answer = await heatmapFor({ datasource: "default", params: params({}), scope: [team] });
    if (!answer.ok) throw new Error(JSON.stringify(answer.body));
    const members = decodeHeatmap(buffer(answer.bytes)).members;
    expect(members.length).toBeGreaterThan(0);
    expect(members.length).toBeLessThan(gpus);
    expect(new Set(members.map((m) => m.team))).toEqual(new Set([team]));
  });

  it("refuses bad input naming the parameter, in Prometheus' error shape", async () => {
    const rows = await heatmapFor({ datasource: "default", params: params({ rows: "0" }), scope: null });
    expect(rows).toMatchObject({ ok: false, status: 400, body: { status: "error", errorType: "bad_data" } });
    expect(!rows.ok && rows.body.error).toMatch(/"rows"/);
    const bad = await heatmapFor({ datasource: "default", params: params({ query: "max by (gpu (DCGM_FI_DEV_GPU_UTIL)" }), scope: null });
    expect(!bad.ok && bad.status).toBe(400);
    expect(!bad.ok && bad.body.error).toMatch(/query/);
    const unknown = await heatmapFor({ datasource: "nope", params: params({}), scope: null });
    expect(!unknown.ok && unknown.status).toBe(404);
    const sort = await heatmapFor({ datasource: "default", params: params({ sort: "random" }), scope: null });
    expect(!sort.ok && sort.body.error).toMatch(/"sort"/);
  });
});
