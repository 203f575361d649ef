import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instantAt, startHistoryPrometheus, type HistoryPrometheus } from "../test/history-prometheus";
import { ROOT } from "./services";

/**
 * The demo fleet with no fault injected raises no critical alert: 12 hours of its history
 * (the simulator's own model, every 5 minutes) and its recording rules backfilled into a
 * Prometheus of this test's own, then every critical rule's condition asked at every
 * minute of the last 11 of them. Stricter than "never fires": the condition never holds,
 * whatever its `for`. (It held on this fleet for InferenceLatencyHigh, then critical at 0.5 s,
 * and for GPU memory only as a warning: the seeds say memory above 95 % is critical.)
 */
const HOURS = 12;
let prom: HistoryPrometheus;
let endMs = 0;

const RULES = (YAML.parse(readFileSync(path.join(ROOT, "deploy/prometheus/rules/alerts.yml"), "utf8")) as { groups: { rules: { alert?: string; expr: string; labels?: { severity?: string } }[] }[] }).groups
  .flatMap((g) => g.rules)
  .filter((r) => r.alert);

const query = (q: string, timeSeconds: number) => instantAt(prom.url, q, timeSeconds);

beforeAll(async () => {
  prom = await startHistoryPrometheus({ name: "prometheus-demo-fleet", fleet: "demo", hours: HOURS, stepMs: 5 * 60_000 });
  endMs = prom.endMs;
}, 240_000);

afterAll(async () => {
  await prom?.stop();
});

describe("the demo fleet with no fault injected", () => {
  it("has its history: 256 GPUs, idle allocated ones among them", async () => {
    const at = endMs / 1000 - 600;
    // By GPU: for 5 minutes after a job ends the imported history (no staleness markers) holds a GPU's series with and without the job's labels.
    expect(Number((await query("count(max by (cluster, Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL))", at))[0]?.value[1])).toBe(256);
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
