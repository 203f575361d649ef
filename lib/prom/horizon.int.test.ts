import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { DASHBOARDS } from "@/lib/dashboards";
import { interpolate, interpolateBuiltins, ALL } from "@/lib/dashboards/variables";
import { instantQuery, until } from "../../scripts/test/prometheus";
import { horizonsFromRequest, recordingHorizons, recordingRuleNames, seriesStart, startsOf } from "./horizon";
import { findDatasource } from "./proxy/datasources";
import { planCoverage, recordedNames } from "./recorded";

/**
 * A fresh install, as the test stack is: 4 days of raw history imported, the recording
 * rules evaluated only since this Prometheus started. Their horizon is that start, and
 * every panel whose window reaches further back runs its raw equivalent.
 */
const PROM = process.env.PROMETHEUS_URL!;
const ds = () => findDatasource("default")!;
const promStartMs = async () => Number((await instantQuery(PROM, 'process_start_time_seconds{job="prometheus"}'))[0]!.value[1]) * 1000;

/** Instant queries this Prometheus has served (its own counter): nothing else asks it while an integration file runs. */
const queriesServed = async () =>
  (await (await fetch(`${PROM}/metrics`)).text())
    .split("\n")
    .filter((l) => l.startsWith("prometheus_http_requests_total{") && l.includes('handler="/api/v1/query"'))
    .reduce((n, l) => n + Number(l.split(" ").at(-1)), 0);
const forgetStarts = () => ((globalThis as { __horizons?: Map<string, unknown> }).__horizons = new Map());

describe("recording rules' horizons on the real Prometheus", () => {
  it("a raw series' start is looked up once however many panels ask at once, in three narrowing instant queries", async () => {
    forgetStarts();
    let before = await queriesServed();
    const [alone] = Object.values(await startsOf(ds(), ["DCGM_FI_DEV_MEMORY_TEMP"]));
    const one = (await queriesServed()) - before;
    // Day, hour, minute: a search at 35 + 25 + 60 steps, not an hourly one at 840 (55 s over 8,192 GPUs).
    expect(one).toBe(3);
    forgetStarts();
    before = await queriesServed();
    const together = await Promise.all(Array.from({ length: 4 }, () => startsOf(ds(), ["DCGM_FI_DEV_MEMORY_TEMP"])));
    expect((await queriesServed()) - before).toBe(one);
    expect(together.map((t) => t.DCGM_FI_DEV_MEMORY_TEMP)).toEqual(Array(4).fill(alone));
    // The test stack's 4 days of imported history: the start is about 4 days ago, to the minute.
    expect(alone!).toBeLessThan(Date.now() - 3.9 * 86_400_000);
    expect(alone! % 60_000).toBe(0);
  });

  it("knows the shipped recording rules by the rules API, and nothing else (vllm:… names are the exporter's)", async () => {
    const names = await recordingRuleNames(ds());
    expect(names.has("team:gpus_allocated:count")).toBe(true);
    expect(names.has("ml:inference_latency_p99:5m")).toBe(true);
    expect(names.has("vllm:num_requests_running")).toBe(false);
  });

  it("finds when a rule began: when this Prometheus started, not when its raw history did", async () => {
    const started = await promStartMs();
    const ask = () => horizonsFromRequest("default", new URLSearchParams([["series", "team:gpus_allocated:count"], ["series", "vllm:num_requests_running"], ["series", "DCGM_FI_DEV_GPU_UTIL"]]));
    const { horizons } = await ask();
    expect(Object.keys(horizons)).toEqual(["team:gpus_allocated:count"]);
    // A Prometheus seconds old may not have evaluated the rule on a 15 s step yet (a rule with no samples is asked again after a minute).
    const since = horizons["team:gpus_allocated:count"] ?? (await until("the rule's first sample", async () => (await seriesStart(ds(), "team:gpus_allocated:count")) ?? undefined, 30_000));
    // The rule's first sample, to its 15 s grid, within a minute and a half of Prometheus' start (its first evaluation).
    expect(since).toBeGreaterThanOrEqual(started - 15_000);
    expect(since).toBeLessThan(started + 90_000);
    const history = Number((await instantQuery(PROM, "min_over_time(timestamp(count(DCGM_FI_DEV_GPU_UTIL))[5d:1h])"))[0]!.value[1]) * 1000;
    expect(history).toBeLessThan(started - 2 * 86_400_000);
  });

  it("finds when a raw series begins: the test stack's imported history, 4 days ago", async () => {
    const { horizons, starts } = await horizonsFromRequest("default", new URLSearchParams([["raw", "DCGM_FI_DEV_GPU_UTIL"]]));
    expect(horizons).toEqual({});
    const since = starts.DCGM_FI_DEV_GPU_UTIL!;
    expect(since).toBeLessThan(Date.now() - 3.9 * 86_400_000);
    expect(since).toBeGreaterThan(Date.now() - 4.1 * 86_400_000);
  });

  it("asks a team-scoped caller's raw series within its teams: a metric outside them says nothing of itself", async () => {
    const raw = new URLSearchParams([["raw", "DCGM_FI_DEV_GPU_UTIL"]]);
    expect((await horizonsFromRequest("default", raw, ["no-such-team"])).starts).toEqual({ DCGM_FI_DEV_GPU_UTIL: null });
    expect((await horizonsFromRequest("default", raw, [])).starts).toEqual({ DCGM_FI_DEV_GPU_UTIL: null });
    expect((await horizonsFromRequest("default", raw, ["inference"])).starts.DCGM_FI_DEV_GPU_UTIL).toBeLessThan(Date.now() - 3.9 * 86_400_000);
  });

  it("refuses what it cannot ask, naming the field", async () => {
    await expect(horizonsFromRequest("default", new URLSearchParams())).rejects.toMatchObject({ status: 400, message: expect.stringContaining("series") });
    await expect(horizonsFromRequest("default", new URLSearchParams([["series", "up{job=\"x\"}"]]))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^series\[0\]: a metric name/) });
    await expect(horizonsFromRequest("default", new URLSearchParams([["raw", "rate(x[5m])"]]))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^raw\[0\]: a metric name/) });
    await expect(horizonsFromRequest("nope", new URLSearchParams([["series", "a:b:c"]]))).rejects.toBeInstanceOf(AppError);
  });

  it("every overview and capacity query reading a rule runs its raw equivalent over a window older than the rule, and the recorded one over a window it covers", async () => {
    const now = Date.now() / 1000;
    const planned: string[] = [];
    for (const def of [DASHBOARDS.overview!, DASHBOARDS.capacity!]) {
      const values = Object.fromEntries(def.variables.map((v) => [v.name, v.kind === "datasource" ? ["default"] : [ALL]]));
      for (const p of def.panels) {
        for (const q of p.queries.filter((x) => x.raw)) {
          const fill = (e: string) => interpolate(interpolateBuiltins(e, { rangeSeconds: 7 * 86400, intervalSeconds: 60 }), values);
          const query = { expr: fill(q.expr), raw: fill(q.raw!) };
          // The horizons of the rules the query reads, as the panel asks them (lib/prom/recorded.ts).
          const horizons = await recordingHorizons(ds(), recordedNames([query.expr]));
          // Over the last 7 days (the overview's and capacity's window): the raw series.
          expect(planCoverage(query, now - 7 * 86400, now, horizons), `${def.id}/${p.id}`).toMatchObject({ expr: query.raw, usedRaw: true });
          planned.push(`${def.id}/${p.id}`);
        }
      }
    }
    expect(planned).toEqual(expect.arrayContaining(["overview/gpus-total", "overview/fleet-utilization", "overview/idle-cost", "overview/gpu-hours-by-team", "overview/slo-attainment", "capacity/team-usage", "capacity/demand-forecast", "capacity/gpus-idle-allocated"]));
  });

  it("a figure of now (GPUs each team holds) is the same read from the rule and from the raw series", async () => {
    const ask = async (q: string) => new Map((await instantQuery(PROM, q)).map((r) => [r.metric.team!, Number(r.value[1])]));
    // At an instant the rule was evaluated at (its samples' own time), so a job starting between two evaluations cannot tell them apart.
    const agreed = await until("the rule and the raw series to agree at one of the rule's evaluations", async () => {
      const at = Number((await instantQuery(PROM, "timestamp(max(team:gpus_allocated:count))"))[0]!.value[1]);
      const [recorded, raw] = await Promise.all([ask(`sum by (team) (team:gpus_allocated:count @ ${at})`), ask(`sum by (team) (count by (cluster, team) (DCGM_FI_DEV_GPU_UTIL{team!=""} @ ${at}))`)]);
      return recorded.size > 1 && JSON.stringify([...recorded].sort()) === JSON.stringify([...raw].sort()) ? recorded : undefined;
    }, 20_000);
    expect(agreed.size).toBeGreaterThan(1);
  });
});
