import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { backfillRecordingRules, type RuleBackfillResult } from "../stack/backfill-rules";
import { backfillHistory } from "../stack/history";
import { freePort, type ManagedProcess } from "../stack/process";
import { ROOT, startPrometheus } from "../stack/services";

/**
 * A Prometheus of an integration test's own, as the demo's first start makes it: `hours` of
 * a fleet's history every `stepMs` imported, the shipped recording rules backfilled over it
 * in passes (restarted between them, which loads the new blocks at once), then started
 * again with everything loaded. It scrapes the harness' simulator rarely; the history ends
 * at `endMs`, on the step grid.
 */
export interface HistoryPrometheus {
  url: string;
  endMs: number;
  startMs: number;
  rules: RuleBackfillResult;
  stop: () => Promise<void>;
}

export async function startHistoryPrometheus(opts: { name: string; fleet: string; hours: number; stepMs: number }): Promise<HistoryPrometheus> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `${opts.name}-`));
  const dirs = { dataDir, logDir: path.join(dataDir, "logs") };
  const tsdb = path.join(dataDir, `${opts.name}/data`);
  const port = await freePort();
  const simPort = Number(new URL(process.env.SIM_URL!).port);
  const start = () => startPrometheus({ name: opts.name, port, simPort, alertmanagerPort: 1, noAlerting: true, scrapeInterval: "1h" }, dirs);
  const endMs = Math.floor(Date.now() / opts.stepMs) * opts.stepMs;
  const startMs = endMs - opts.hours * 3_600_000;
  await backfillHistory({ fleet: opts.fleet, days: opts.hours / 24, stepMinutes: opts.stepMs / 60_000, untilMs: endMs, tsdbDir: tsdb, workDir: path.join(dataDir, "history") });
  let prometheus: ManagedProcess = await start();
  const restart = async () => {
    await prometheus.stop();
    prometheus = await start();
  };
  const url = `http://127.0.0.1:${port}`;
  const rules = await backfillRecordingRules({ promUrl: url, rulesDir: path.join(ROOT, "deploy/prometheus/rules"), tsdbDir: tsdb, workDir: path.join(dataDir, "rules-work"), startMs, endMs, reload: restart });
  await restart();
  return {
    url,
    endMs,
    startMs,
    rules,
    stop: async () => {
      await prometheus.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An instant query's series, or the error Prometheus gave. */
export async function instantAt(url: string, query: string, timeSeconds: number): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const r = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query, time: String(timeSeconds) })}`);
  const body = (await r.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== "success") throw new Error(`${query}: ${body.error}`);
  return body.data.result;
}
