/**
 * `npm run bench:proxy`: the PromQL proxy side by side with its baselines, in one run,
 * on the demo fleet (256 GPUs) with a day of history. Results: bench/results/proxy.json
 * and proxy.md.
 *   P1 uncached range queries through the proxy ÷ direct to Prometheus (p50, p99), A/B alternated
 *   P2 100 viewers of a 12-panel dashboard refreshing every 30 s: upstream ÷ panel requests,
 *      with cache and in-flight sharing, and with both off (a plain proxy)
 *   P3 cold ÷ warm load time of the whole dashboard
 *   peak RSS of the console during P2
 */
import { execFileSync, execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrisma } from "../../lib/db/client";
import { createApiToken } from "../../lib/db/tokens";
import { prepareDatabase } from "../stack/database";
import { backfillHistory } from "../stack/history";
import { startEmbeddedPostgres, type RunningPostgres } from "../stack/postgres";
import { freePort, sleep, type ManagedProcess } from "../stack/process";
import { ROOT, startAlertmanager, startConsole, startPrometheus, startSimulator } from "../stack/services";
import { BENCH_PANELS } from "./dashboard";
import { round, summary } from "./stats";

const RUN_DIR = path.join(ROOT, ".data", `bench-${process.pid}`);
const dirs = { dataDir: RUN_DIR, logDir: path.join(RUN_DIR, "logs") };
const P1_QUERIES = Number(process.env.BENCH_P1_QUERIES ?? 40);
const P2_SECONDS = Number(process.env.BENCH_P2_SECONDS ?? 60);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 100);
const started: ManagedProcess[] = [];
let postgres: RunningPostgres | undefined;

async function timed(run: () => Promise<Response>): Promise<number> {
  const t = performance.now();
  const r = await run();
  await r.arrayBuffer();
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return performance.now() - t;
}

function rangeBody(query: string, start: number, end: number, extra: Record<string, string>) {
  return new URLSearchParams({ query, start: String(start), end: String(end), ...extra });
}

async function upstreamCalls(consoleUrl: string, token: string): Promise<number> {
  const text = await (await fetch(`${consoleUrl}/api/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  return [...text.matchAll(/^console_prom_upstream_calls_total\{[^}]*\} (\d+)/gm)].reduce((a, m) => a + Number(m[1]), 0);
}

function groupRssMb(pid: number): number {
  try {
    const out = execSync(`ps -o rss= -g ${pid}`, { encoding: "utf8" });
    return out.split("\n").filter(Boolean).reduce((a, l) => a + Number(l), 0) / 1024;
  } catch {
    return 0;
  }
}

async function p1(promUrl: string, consoleUrl: string, token: string) {
  const query = "avg by (cluster, Hostname) (DCGM_FI_DEV_GPU_UTIL)";
  const direct: number[] = [];
  const proxied: number[] = [];
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < P1_QUERIES; i++) {
    // A window never asked before (uncached), the same size every time: 6 h at 60 s.
    const end = now - 3600 - i * 617;
    const body = () => rangeBody(query, end - 6 * 3600, end, { step: "60" });
    const runDirect = () => timed(() => fetch(`${promUrl}/api/v1/query_range`, { method: "POST", body: body() }));
    const runProxy = () => timed(() => fetch(`${consoleUrl}/api/prom/default/api/v1/query_range`, { method: "POST", body: body(), headers: { authorization: `Bearer ${token}` } }));
    // Alternate the order so neither side always runs on a warmer Prometheus.
    if (i % 2 === 0) {
      direct.push(await runDirect());
      proxied.push(await runProxy());
    } else {
      proxied.push(await runProxy());
      direct.push(await runDirect());
    }
  }
  const d = summary(direct);
  const p = summary(proxied);
  return { direct: d, proxy: p, ratioP50: p.p50 / d.p50, ratioP99: p.p99 / d.p99 };
}

async function loadDashboard(consoleUrl: string, token: string, from: number, to: number): Promise<void> {
  await Promise.all(
    BENCH_PANELS.map(async (query) => {
      const r = await fetch(`${consoleUrl}/api/prom/default/api/v1/query_range`, {
        method: "POST",
        body: rangeBody(query, from, to, { maxDataPoints: "800" }),
        headers: { authorization: `Bearer ${token}` },
      });
      await r.arrayBuffer();
    }),
  );
}

async function p2(consoleUrl: string, token: string, pid: number) {
  const before = await upstreamCalls(consoleUrl, token);
  let panels = 0;
  let peakRss = groupRssMb(pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, groupRssMb(pid))), 500);
  const stopAt = Date.now() + P2_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: VIEWERS }, async () => {
      await sleep(Math.random() * 30_000); // viewers open the page at different moments
      while (Date.now() < stopAt) {
        const now = Date.now() / 1000;
        await loadDashboard(consoleUrl, token, now - 3600, now);
        panels += BENCH_PANELS.length;
        await sleep(30_000);
      }
    }),
  );
  clearInterval(sampler);
  const upstream = (await upstreamCalls(consoleUrl, token)) - before;
  return { panelRequests: panels, upstreamCalls: upstream, ratio: upstream / panels, peakRssMb: peakRss };
}

async function p3(consoleUrl: string, token: string) {
  const ratios: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    // A day-old window of its own: nothing of it is cached yet.
    const to = Math.floor(Date.now() / 1000) - 6 * 3600 - i * 900;
    const c = await timedLoad(consoleUrl, token, to - 3600, to);
    const w: number[] = [];
    for (let k = 0; k < 5; k++) w.push(await timedLoad(consoleUrl, token, to - 3600, to));
    const wMedian = summary(w).p50;
    cold.push(c);
    warm.push(wMedian);
    ratios.push(c / wMedian);
  }
  return { coldMs: summary(cold), warmMs: summary(warm), speedup: summary(ratios) };
}

async function timedLoad(consoleUrl: string, token: string, from: number, to: number): Promise<number> {
  const t = performance.now();
  await loadDashboard(consoleUrl, token, from, to);
  return performance.now() - t;
}

async function main() {
  mkdirSync(dirs.logDir, { recursive: true });
  console.log("▸ starting the stack (demo fleet, 1 day of history)…");
  const [pgPort, simPort, promPort, amPort, consoleA, consoleB] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  postgres = await startEmbeddedPostgres({ dataDir: path.join(RUN_DIR, "pg"), port: pgPort!, persistent: false });
  await prepareDatabase(postgres.url, { demo: false, demoPassword: "" });
  started.push(await startSimulator(simPort!, dirs, "demo"));
  await backfillHistory({ fleet: "demo", days: Number(process.env.BENCH_HISTORY_DAYS ?? 1), stepMinutes: 5, tsdbDir: path.join(RUN_DIR, "prometheus/data"), workDir: path.join(RUN_DIR, "history") });
  started.push(await startAlertmanager(amPort!, dirs));
  started.push(await startPrometheus({ port: promPort!, simPort: simPort!, alertmanagerPort: amPort! }, dirs));
  console.log("▸ building the console…");
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: ".next-test", NEXT_TELEMETRY_DISABLED: "1", NEXT_SKIP_TYPECHECK: "1" },
    stdio: "ignore",
  });
  const env = { DATABASE_URL: postgres.url, PROMETHEUS_URL: `http://127.0.0.1:${promPort}`, ALERTMANAGER_URL: `http://127.0.0.1:${amPort}`, NEXT_DIST_DIR: ".next-test", NEXTAUTH_SECRET: randomBytes(32).toString("base64url") };
  const withCache = await startConsole({ port: consoleA!, host: "127.0.0.1", env: { ...env, NEXTAUTH_URL: `http://127.0.0.1:${consoleA}` } }, dirs);
  const plain = await startConsole({ port: consoleB!, host: "127.0.0.1", env: { ...env, NEXTAUTH_URL: `http://127.0.0.1:${consoleB}`, PROM_CACHE_BYTES: "0", PROM_SHARE_INFLIGHT: "false" } }, { ...dirs, logDir: path.join(dirs.logDir, "plain") });
  started.push(withCache, plain);
  const db = createPrisma(postgres.url);
  const { token } = await createApiToken({ name: "bench", role: "sre", teams: [] }, db);
  await db.$disconnect();
  await sleep(20_000); // a few scrapes and rule evaluations

  const urlA = `http://127.0.0.1:${consoleA}`;
  const urlB = `http://127.0.0.1:${consoleB}`;
  console.log("▸ P1 proxy overhead…");
  const r1 = await p1(`http://127.0.0.1:${promPort}`, urlA, token);
  console.log(`▸ P2 ${VIEWERS} viewers × ${BENCH_PANELS.length} panels for ${P2_SECONDS} s, with cache and sharing…`);
  const r2 = await p2(urlA, token, withCache.pid);
  console.log(`▸ P2 baseline: the same without cache and sharing…`);
  const r2plain = await p2(urlB, token, plain.pid);
  console.log("▸ P3 cold and warm dashboard loads…");
  const r3 = await p3(urlA, token);

  const results = {
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() },
    fleet: { gpus: 256, historyDays: Number(process.env.BENCH_HISTORY_DAYS ?? 1) },
    P1: r1,
    P2: { withCacheAndSharing: r2, plainProxy: r2plain },
    P3: r3,
  };
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench/results/proxy.json"), `${JSON.stringify(results, null, 2)}\n`);
  const md = `# Proxy benchmark

${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}, ${results.machine.date}; demo fleet (256 GPUs), ${results.fleet.historyDays} day of history.

| figure | result | baseline | ratio | target |
| --- | --- | --- | --- | --- |
| P1 uncached 6 h range query, p50 (n=${r1.proxy.n}) | ${round(r1.proxy.p50, 1)} ms via proxy (IQR ${round(r1.proxy.p25, 1)}–${round(r1.proxy.p75, 1)}) | ${round(r1.direct.p50, 1)} ms direct (IQR ${round(r1.direct.p25, 1)}–${round(r1.direct.p75, 1)}) | ${round(r1.ratioP50, 2)} | ≤ 1.05 |
| P1 same, p99 | ${round(r1.proxy.p99, 1)} ms | ${round(r1.direct.p99, 1)} ms | ${round(r1.ratioP99, 2)} | — |
| P2 upstream ÷ panel requests, ${VIEWERS} viewers, ${P2_SECONDS} s | ${r2.upstreamCalls} ÷ ${r2.panelRequests} = ${round(r2.ratio, 3)} | plain proxy: ${r2plain.upstreamCalls} ÷ ${r2plain.panelRequests} = ${round(r2plain.ratio, 3)} | ${round(r2.ratio / r2plain.ratio, 3)} | ≤ 0.05 |
| P3 cold ÷ warm dashboard load (12 panels, n=5) | cold ${round(r3.coldMs.p50, 1)} ms | warm ${round(r3.warmMs.p50, 1)} ms | ${round(r3.speedup.p50, 1)}× (IQR ${round(r3.speedup.p25, 1)}–${round(r3.speedup.p75, 1)}) | ≥ 20× |
| peak RSS of the console during P2 | ${round(r2.peakRssMb, 0)} MB | plain proxy ${round(r2plain.peakRssMb, 0)} MB | — | — |
`;
  writeFileSync(path.join(ROOT, "bench/results/proxy.md"), md);
  console.log(`\n${md}`);
}

async function stopAll() {
  for (const p of started.reverse()) await p.stop().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
}

for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void stopAll().then(() => process.exit(130)));
try {
  await main();
  await stopAll();
  rmSync(RUN_DIR, { recursive: true, force: true });
} catch (error) {
  console.error(`✗ ${(error as Error).stack}`);
  await stopAll();
  process.exit(1);
}
