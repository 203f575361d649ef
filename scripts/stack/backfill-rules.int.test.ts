import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gpuHoursByTeam } from "@/lib/dashboards/defs/raw";
import { recordingHorizons } from "@/lib/prom/horizon";
import { planCoverage } from "@/lib/prom/recorded";
import { backfillHistory } from "./history";
import { backfillRecordingRules, type RuleBackfillResult } from "./backfill-rules";
import { freePort, type ManagedProcess } from "./process";
import { ROOT, startPrometheus } from "./services";

/**
 * The demo's first start, small: 6 hours of the test fleet's history at the demo's 5-minute step
 * imported into a Prometheus of this test's own, then every shipped recording rule
 * backfilled over it (`promtool tsdb create-blocks-from rules`, in passes). The rules then
 * begin where the history begins, and the recorded figure agrees with the raw series.
 */
const HOURS = 6;
const STEP_MS = 5 * 60_000;
const dirs = { dataDir: mkdtempSync(path.join(os.tmpdir(), "rule-backfill-")), logDir: "" };
dirs.logDir = path.join(dirs.dataDir, "logs");
const simPort = Number(new URL(process.env.SIM_URL!).port);
let port = 0;
let prometheus: ManagedProcess | undefined;
let historyStartMs = 0;
let endMs = 0;
let result: RuleBackfillResult;
const url = () => `http://127.0.0.1:${port}`;
const ds = () => ({ id: "rule-backfill-test", name: "rule backfill", type: "prometheus" as const, url: url(), headers: {}, scrapeIntervalSeconds: 15 });
const start = () => startPrometheus({ name: "prometheus-backfill", port, simPort, alertmanagerPort: 1, noAlerting: true, scrapeInterval: "15s" }, dirs);

async function instant(query: string, timeSeconds: number): Promise<Map<string, number>> {
  const r = await fetch(`${url()}/api/v1/query?${new URLSearchParams({ query, time: String(timeSeconds) })}`);
  const body = (await r.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== "success") throw new Error(`${query}: ${body.error}`);
  return new Map(body.data.result.map((s) => [s.metric.team ?? "", Number(s.value[1])]));
}

beforeAll(async () => {
  port = await freePort();
  endMs = Math.floor(Date.now() / STEP_MS) * STEP_MS;
  const h = await backfillHistory({ fleet: "test", days: HOURS / 24, stepMinutes: STEP_MS / 60_000, untilMs: endMs, tsdbDir: path.join(dirs.dataDir, "prometheus-backfill/data"), workDir: path.join(dirs.dataDir, "history") });
  expect(h.samples).toBeGreaterThan(0);
  historyStartMs = endMs - HOURS * 3_600_000;
  prometheus = await start();
  result = await backfillRecordingRules({
    promUrl: url(),
    rulesDir: path.join(ROOT, "deploy/prometheus/rules"),
    tsdbDir: path.join(dirs.dataDir, "prometheus-backfill/data"),
    workDir: path.join(dirs.dataDir, "rules-work"),
    startMs: historyStartMs,
    endMs,
    // Prometheus loads new blocks within a minute; a restart loads them at once.
    reload: async () => {
      await prometheus!.stop();
      prometheus = await start();
    },
  });
  await prometheus.stop();
  prometheus = await start();
}, 240_000);

afterAll(async () => {
  await prometheus?.stop().catch(() => undefined);
  rmSync(dirs.dataDir, { recursive: true, force: true });
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
    const plan = planCoverage({ expr: "sum by (team) (sum_over_time(team:gpus_allocated:count[5h:1m])) / 60", raw: "raw" }, at, at, horizons);
    expect(plan.usedRaw).toBe(false);
  });

  it("GPU-hours by team: the recorded figure, the raw equivalent and a count of raw samples agree within 1 %", async () => {
    // At a sample time of the history: each sample then stands for exactly 5 of the window's minutes.
    const at = endMs / 1000 - 600;
    const recorded = await instant("sum by (team) (sum_over_time(team:gpus_allocated:count[5h:1m])) / 60", at);
    const raw = await instant(gpuHoursByTeam("5h"), at);
    // Independently: the history holds one sample per GPU every 5 minutes, so samples × 5 ÷ 60
    // are GPU-hours (over 5 h less a second: Prometheus 2's range includes both ends).
    const samples = await instant('sum by (team) (count_over_time(DCGM_FI_DEV_GPU_UTIL{team!=""}[17999s])) * 5 / 60', at);
    expect(recorded.size).toBeGreaterThan(1);
    expect([...raw.keys()].sort()).toEqual([...recorded.keys()].sort());
    for (const [team, hours] of recorded) {
      expect(hours).toBeGreaterThan(0);
      expect(Math.abs(raw.get(team)! - hours) / hours, `${team}: raw ${raw.get(team)} vs recorded ${hours}`).toBeLessThan(0.01);
      expect(Math.abs(samples.get(team)! - hours) / hours, `${team}: samples ${samples.get(team)} vs recorded ${hours}`).toBeLessThan(0.01);
    }
  });
});
