import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillRecordingRules } from "./backfill-rules";
import { backfillHistory } from "./history";
import { freePort, type ManagedProcess } from "./process";
import { ROOT, startPrometheus } from "./services";

/**
 * The demo fleet with no fault injected raises no critical alert: 12 hours of its history
 * (the simulator's own model, every 5 minutes) and its recording rules backfilled into a
 * Prometheus of this test's own, then every critical rule's condition asked at every
 * minute of the last 11 of them. Stricter than "never fires": the condition never holds,
 * whatever its `for`. (It held on this fleet for InferenceLatencyHigh, then critical at 0.5 s,
 * and for GPU memory only as a warning: the seeds say memory above 95 % is critical.)
 */
const HOURS = 12;
const STEP_MS = 5 * 60_000;
const dirs = { dataDir: mkdtempSync(path.join(os.tmpdir(), "demo-fleet-alerts-")), logDir: "" };
dirs.logDir = path.join(dirs.dataDir, "logs");
const tsdb = path.join(dirs.dataDir, "prometheus-demo-fleet/data");
let port = 0;
let prometheus: ManagedProcess | undefined;
let endMs = 0;
const url = () => `http://127.0.0.1:${port}`;
const start = () =>
  startPrometheus({ name: "prometheus-demo-fleet", port, simPort: Number(new URL(process.env.SIM_URL!).port), alertmanagerPort: 1, noAlerting: true, scrapeInterval: "1h" }, dirs);

const RULES = (YAML.parse(readFileSync(path.join(ROOT, "deploy/prometheus/rules/alerts.yml"), "utf8")) as { groups: { rules: { alert?: string; expr: string; labels?: { severity?: string } }[] }[] }).groups
  .flatMap((g) => g.rules)
  .filter((r) => r.alert);

async function query(q: string, timeSeconds: number) {
  const r = await fetch(`${url()}/api/v1/query?${new URLSearchParams({ query: q, time: String(timeSeconds) })}`);
  const body = (await r.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== "success") throw new Error(`${q}: ${body.error}`);
  return body.data.result;
}

beforeAll(async () => {
  port = await freePort();
  endMs = Math.floor(Date.now() / STEP_MS) * STEP_MS;
  await backfillHistory({ fleet: "demo", days: HOURS / 24, stepMinutes: STEP_MS / 60_000, untilMs: endMs, tsdbDir: tsdb, workDir: path.join(dirs.dataDir, "history") });
  prometheus = await start();
  await backfillRecordingRules({
    promUrl: url(),
    rulesDir: path.join(ROOT, "deploy/prometheus/rules"),
    tsdbDir: tsdb,
    workDir: path.join(dirs.dataDir, "rules-work"),
    startMs: endMs - HOURS * 3_600_000,
    endMs,
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

describe("the demo fleet with no fault injected", () => {
  it("has its history: 256 GPUs, idle allocated ones among them", async () => {
    const at = endMs / 1000 - 600;
    expect(Number((await query("count(DCGM_FI_DEV_GPU_UTIL)", at))[0]?.value[1])).toBe(256);
    expect(Number((await query('count(DCGM_FI_DEV_GPU_UTIL{pod!=""} < 10)', at))[0]?.value[1] ?? 0)).toBeGreaterThan(0);
  });

  const critical = RULES.filter((r) => r.labels?.severity === "critical");
  it("has critical rules to check, GPU memory above 95 % among them", () => {
    expect(critical.map((r) => r.alert)).toEqual(expect.arrayContaining(["GpuTemperatureHigh", "GpuMemoryAlmostFull", "RackCoolingAnomaly", "GpuFellOffTheBus"]));
    expect(critical.map((r) => r.alert)).not.toContain("InferenceLatencyHigh");
  });

  it.each(critical.map((r) => [r.alert!, r.expr] as const))("%s: its condition holds at no minute of 11 hours", async (_, expr) => {
    const at = endMs / 1000 - 600;
    const held = await query(`count_over_time((${expr.trim()})[11h:1m])`, at);
    expect(held.map((s) => s.metric)).toEqual([]);
  });
});
