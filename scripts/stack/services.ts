import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { httpOk, spawnService, waitUntil, type ManagedProcess } from "./process";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const NEXT = path.join(ROOT, "node_modules/next/dist/bin/next");

export interface ServiceDirs {
  dataDir: string;
  logDir: string;
}

export async function startSimulator(port: number, dirs: ServiceDirs, fleet = "small"): Promise<ManagedProcess> {
  const proc = spawnService("simulator", TSX, [path.join(ROOT, "scripts/sim.ts"), "--port", String(port), "--fleet", fleet], {
    logDir: dirs.logDir,
    cwd: ROOT,
  });
  await waitUntil("simulator", () => httpOk(`http://127.0.0.1:${port}/health`), 30_000);
  return proc;
}

/** deploy/prometheus/prometheus.yml with this stack's addresses (and intervals). */
export function renderPrometheusConfig(opts: {
  simPort: number;
  prometheusPort: number;
  alertmanagerPort: number;
  scrapeInterval?: string;
}): string {
  const config = YAML.parse(readFileSync(path.join(ROOT, "deploy/prometheus/prometheus.yml"), "utf8"));
  if (opts.scrapeInterval) {
    config.global.scrape_interval = opts.scrapeInterval;
    config.global.evaluation_interval = opts.scrapeInterval;
  }
  config.alerting.alertmanagers[0].static_configs[0].targets = [`127.0.0.1:${opts.alertmanagerPort}`];
  for (const job of config.scrape_configs) {
    const port = job.job_name === "dcgm" ? opts.simPort : job.job_name === "prometheus" ? opts.prometheusPort : null;
    if (port !== null) job.static_configs[0].targets = [`127.0.0.1:${port}`];
  }
  return YAML.stringify(config);
}

export async function startPrometheus(
  opts: { port: number; simPort: number; alertmanagerPort: number; scrapeInterval?: string; retention?: string },
  dirs: ServiceDirs,
): Promise<ManagedProcess> {
  const dir = path.join(dirs.dataDir, "prometheus");
  mkdirSync(path.join(dir, "data"), { recursive: true });
  const configFile = path.join(dir, "prometheus.yml");
  writeFileSync(configFile, renderPrometheusConfig({ ...opts, prometheusPort: opts.port }));
  const proc = spawnService(
    "prometheus",
    "prometheus",
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--storage.tsdb.retention.time=${opts.retention ?? "30d"}`,
      `--web.listen-address=127.0.0.1:${opts.port}`,
      "--web.enable-lifecycle",
    ],
    { logDir: dirs.logDir },
  );
  await waitUntil("prometheus", () => httpOk(`http://127.0.0.1:${opts.port}/-/ready`), 60_000);
  return proc;
}

export async function startAlertmanager(port: number, dirs: ServiceDirs): Promise<ManagedProcess> {
  const dir = path.join(dirs.dataDir, "alertmanager");
  mkdirSync(dir, { recursive: true });
  const proc = spawnService(
    "alertmanager",
    "prometheus-alertmanager",
    [
      `--config.file=${path.join(ROOT, "deploy/alertmanager/alertmanager.yml")}`,
      `--storage.path=${dir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // A single instance: no gossip port (it would collide between stacks).
      "--cluster.listen-address=",
    ],
    { logDir: dirs.logDir },
  );
  await waitUntil("alertmanager", () => httpOk(`http://127.0.0.1:${port}/-/ready`), 60_000);
  return proc;
}

export async function startConsole(
  opts: { port: number; host?: string; env: Record<string, string> },
  dirs: ServiceDirs,
): Promise<ManagedProcess> {
  const host = opts.host ? ["-H", opts.host] : [];
  const proc = spawnService("console", process.execPath, [NEXT, "start", "-p", String(opts.port), ...host], {
    logDir: dirs.logDir,
    cwd: ROOT,
    env: { NEXT_TELEMETRY_DISABLED: "1", ...opts.env },
  });
  await waitUntil("console", () => httpOk(`http://127.0.0.1:${opts.port}/api/health`), 90_000);
  return proc;
}
