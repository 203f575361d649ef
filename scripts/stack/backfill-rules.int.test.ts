import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardFor } from "@/lib/dashboards";
import { gpuHoursByTeam } from "@/lib/dashboards/defs/raw";
import { ALL, interpolate, interpolateBuiltins } from "@/lib/dashboards/variables";
import { recordingHorizons } from "@/lib/prom/horizon";
import { planCoverage, recordedNames, type Horizons } from "@/lib/prom/recorded";
import { instantAt, startHistoryPrometheus, type HistoryPrometheus } from "../test/history-prometheus";
import type { RuleBackfillResult } from "./backfill-rules";

/**
 * The demo's first start, small: a day of the test fleet's history at the demo's 5-minute step
 * imported into a Prometheus of this test's own, then every shipped recording rule
 * backfilled over it (`promtool tsdb create-blocks-from rules`, in passes). The rules then
 * begin where the history begins, and the recorded figure agrees with the raw series.
 */
/** A day: long enough that a window's edges (a sample's 5 minutes cut by the window) weigh under 1 %. */
const HOURS = 24;
const STEP_MS = 5 * 60_000;
let prom: HistoryPrometheus;
let historyStartMs = 0;
let endMs = 0;
let result: RuleBackfillResult;
const ds = () => ({ id: "rule-backfill-test", name: "rule backfill", type: "prometheus" as const, url: prom.url, headers: {}, scrapeIntervalSeconds: 15 });

async function instant(query: string, timeSeconds: number): Promise<Map<string, number>> {
  // By team where the answer has one, else by the whole label set.
  return new Map((await instantAt(prom.url, query, timeSeconds)).map((s) => [s.metric.team ?? JSON.stringify(s.metric), Number(s.value[1])]));
}

beforeAll(async () => {
  prom = await startHistoryPrometheus({ name: "prometheus-backfill", fleet: "test", hours: HOURS, stepMs: STEP_MS });
  ({ endMs, startMs: historyStartMs, rules: result } = prom);
}, 240_000);

afterAll(async () => {
  await prom?.stop();
});

describe("recording rules backfilled over imported history", () => {
  it("backfills every shipped rule in passes, each rule after the rules it reads", () => {
    expect(result.passes).toBe(3);
    expect(result.rules).toBeGreaterThan(15);
    expect(result.blocks).toBeGreaterThan(0);
  });

  it("the rules' horizon is the history's start, so a window inside it runs the recorded query", async () => {
    const horizons = await recordingHorizons(ds(), ["team:gpus_allocated:count", "team:gpu_hours:1h", "node:gpus_expected:max7d", "DCGM_FI_DEV_GPU_UTIL"]);
    // Not a rule: left out.
    expect(Object.keys(horizons).sort()).toEqual(["node:gpus_expected:max7d", "team:gpu_hours:1h", "team:gpus_allocated:count"]);
    // The third pass (a rule reading a rule reading a rule) too.
    expect(horizons["node:gpus_expected:max7d"]!).toBeLessThan(historyStartMs + 2 * 3_600_000);
    expect(Math.abs(horizons["team:gpus_allocated:count"]! - historyStartMs)).toBeLessThanOrEqual(2 * 60_000);
    // The second pass (a rule reading a rule) has its history too: from the first hour it could average.
    expect(horizons["team:gpu_hours:1h"]!).toBeLessThan(historyStartMs + 2 * 3_600_000);
    const at = endMs / 1000 - 300;
    const plan = planCoverage({ expr: "sum by (team) (sum_over_time(team:gpus_allocated:count[23h:1m])) / 60", raw: "raw" }, at, at, horizons);
    expect(plan.usedRaw).toBe(false);
  });

  it("GPU-hours by team: the recorded figure, the raw equivalent and a count of raw samples agree within 1 %", async () => {
    // At a sample time of the history: each sample then stands for exactly 5 of the window's minutes.
    const at = endMs / 1000 - 600;
    const recorded = await instant("sum by (team) (sum_over_time(team:gpus_allocated:count[23h:1m])) / 60", at);
    const raw = await instant(gpuHoursByTeam("7d").replace("[10079m:1m]", "[1379m:1m]"), at);
    // Independently: the history holds one sample per GPU every 5 minutes, so samples × 5 ÷ 60
    // are GPU-hours (over 23 h less a second: Prometheus 2's range includes both ends).
    const samples = await instant('sum by (team) (count_over_time(DCGM_FI_DEV_GPU_UTIL{team!=""}[82799s])) * 5 / 60', at);
    expect(recorded.size).toBeGreaterThan(1);
    expect([...raw.keys()].sort()).toEqual([...recorded.keys()].sort());
    for (const [team, hours] of recorded) {
      expect(hours).toBeGreaterThan(0);
      expect(Math.abs(raw.get(team)! - hours) / hours, `${team}: raw ${raw.get(team)} vs recorded ${hours}`).toBeLessThan(0.01);
      expect(Math.abs(samples.get(team)! - hours) / hours, `${team}: samples ${samples.get(team)} vs recorded ${hours}`).toBeLessThan(0.01);
    }
  });
});

/**
 * Every headline figure of the overview and capacity that the imported history holds, two
 * ways: through the dashboard's own query (as the panel plans it: recorded, or its raw
 * equivalent where the rule is younger than the window) and independently from the raw
 * series, written another way. Once as on a fresh install (every rule began 5 minutes
 * before) and once an hour later (every rule an hour old): they agree within 1 %.
 */
describe("headline figures two ways, on a fresh install and an hour later", () => {
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const FIGURES: { panel: string; query?: number; independent: string; byTeam?: boolean; tolerance?: number }[] = [
    { panel: "overview/gpus-total", independent: "count(group by (UUID) (DCGM_FI_DEV_GPU_TEMP))" },
    { panel: "overview/gpus-healthy", independent: "count(group by (UUID) (DCGM_EXP_GPU_HEALTH_STATUS == 0))" },
    { panel: "overview/gpus-degraded", independent: "count(group by (UUID) (DCGM_EXP_GPU_HEALTH_STATUS != 0)) or vector(0)" },
    { panel: "overview/fleet-utilization", independent: "sum(DCGM_FI_DEV_GPU_UTIL) / count(DCGM_FI_DEV_GPU_UTIL)" },
    { panel: "overview/idle-cost", independent: 'sum((avg_over_time(DCGM_FI_DEV_GPU_UTIL{pod!=""}[1h]) < bool 10))' },
    { panel: "overview/unallocated-cost", independent: 'count(group by (UUID) (DCGM_FI_DEV_GPU_TEMP{pod=""})) or vector(0)' },
    { panel: "overview/gpu-hours-by-team", independent: 'sum by (team) (count_over_time(DCGM_FI_DEV_GPU_UTIL{team!=""}[82799s])) * 5 / 60', byTeam: true },
    { panel: "capacity/gpus-free", independent: 'count(DCGM_FI_DEV_GPU_UTIL) - count(DCGM_FI_DEV_GPU_UTIL{pod!=""})' },
    { panel: "capacity/gpus-idle-allocated", independent: 'sum((avg_over_time(DCGM_FI_DEV_GPU_UTIL{pod!=""}[1h]) < bool 10))' },
    { panel: "capacity/team-usage", query: 0, independent: 'count by (team) (DCGM_FI_DEV_GPU_UTIL{team!=""})', byTeam: true },
    { panel: "capacity/team-usage", query: 1, independent: 'sum by (team) (DCGM_FI_DEV_GPU_UTIL{team!=""}) / count by (team) (DCGM_FI_DEV_GPU_UTIL{team!=""})', byTeam: true },
    // Over one hour a job that ended inside it is read a minute longer by the minute-by-minute
    // sum (the imported history has no staleness marker to end its series): 1 of 60 minutes.
    { panel: "capacity/team-usage", query: 2, independent: 'sum by (team) (count_over_time(DCGM_FI_DEV_GPU_UTIL{team!=""}[3599s])) * 5 / 60', byTeam: true, tolerance: 0.02 },
    // The forecast's input: GPUs held by team now, the last point of its range.
    { panel: "capacity/demand-forecast", independent: 'count by (team) (DCGM_FI_DEV_GPU_UTIL{team!=""})', byTeam: true },
  ];

  it.each([
    ["a fresh install (rules 5 minutes old)", 300],
    ["an hour later", 3600],
  ])("%s", async (_, ruleAgeSeconds) => {
    // Two minutes after a sample of the history: a figure of now reads that sample whether
    // it is computed from the raw series or from a rule evaluated on promtool's own grid.
    const at = endMs / 1000 - 600 + 120;
    for (const f of FIGURES) {
      const [id, panelId] = f.panel.split("/") as [string, string];
      const def = dashboardFor(id, "release")!;
      const panel = def.panels.find((p) => p.id === panelId)!;
      const q = panel.queries[f.query ?? 0]!;
      const values = Object.fromEntries(def.variables.map((v) => [v.name, v.kind === "datasource" ? ["default"] : [ALL]]));
      // The overview's GPU-hours read 7 days; this history holds a day: the same figure over 23 hours.
      const fill = (e: string) => interpolate(interpolateBuiltins(e, { rangeSeconds: 3600, intervalSeconds: 60 }), values).replace("[7d:1m]", "[23h:1m]").replace("[10079m:1m]", "[1379m:1m]");
      const horizons: Horizons = Object.fromEntries(recordedNames([fill(q.expr)]).map((n) => [n, (at - ruleAgeSeconds) * 1000]));
      const plan = planCoverage({ expr: fill(q.expr), ...(q.raw ? { raw: fill(q.raw) } : {}) }, at, at, horizons);
      expect(plan.partialSinceMs, `${f.panel}: never a partial figure`).toBeNull();
      const mine = await instant(plan.expr, at);
      const theirs = await instant(f.independent, at);
      const pairs: [string, number, number][] = f.byTeam ? [...theirs].map(([team, v]) => [team, mine.get(team) ?? NaN, v]) : [["", sum(mine), sum(theirs)]];
      expect(pairs.length, f.panel).toBeGreaterThan(0);
      for (const [team, a, b] of pairs) {
        const off = b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
        expect(off, `${f.panel}${team ? ` (${team})` : ""}: dashboard ${a} (${plan.usedRaw ? "raw" : "recorded"}) vs independent ${b}`).toBeLessThan(f.tolerance ?? 0.01);
      }
    }
  });
});
