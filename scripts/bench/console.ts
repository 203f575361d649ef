/**
 * `npm run bench:console`: the console at fleet scale, each figure beside its baseline
 * in the same run. A fleet of 8,192 GPUs (the simulator's scale-1024) scraped live by a
 * real Prometheus that also holds 24 h of backfilled history; the console's standalone
 * build, once with its cache and in-flight sharing and once without (a plain proxy);
 * the SRE dashboard in Debian's headless Chromium. Results: bench/results/console.json
 * and console.md.
 *   P1 uncached range queries through the proxy ÷ direct to Prometheus (p50, p99), A/B alternated
 *   P2 100 viewers of the SRE dashboard refreshing every 30 s: upstream ÷ panel requests,
 *      with cache and sharing, and with both off; peak RSS of each console meanwhile
 *   P3 cold ÷ warm load of the whole dashboard; after moving the window by one minute,
 *      the share of the answers' bytes served from the cache
 *   P4 points per series ÷ panel width over a sweep of ranges and widths
 *   P5 bytes to the browser per dashboard load ÷ Prometheus' JSON for the same queries
 *   P6 time until every panel has drawn in Chromium ÷ the same upstream queries by themselves
 *   P7 P2's viewers spread over two replicas sharing one Redis: upstream calls ÷ one replica's
 *   P8 /sre and /overview drawn cold in Chromium ÷ the same on today's main (BENCH_BASELINE_REV, built
 *      from git beside this one: scripts/bench/baseline.ts), alternated, against the same Prometheus
 * "The dashboard's requests" are what Chromium sent loading /sre (recorded, then replayed
 * by the simulated viewers); "the same upstream queries" are what Prometheus' query log
 * says the console asked it during that load.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Request } from "@playwright/test";
import { alignInstant, alignRange, stepFor } from "../../lib/prom/step";
import { createPrisma } from "../../lib/db/client";
import { createApiToken } from "../../lib/tokens/repo";
import { prepareDatabase } from "../stack/database";
import { backfillHistory } from "../stack/history";
import { startEmbeddedPostgres, type RunningPostgres } from "../stack/postgres";
import { freePort, sleep, type ManagedProcess } from "../stack/process";
import { dashboardFor } from "../../lib/dashboards";
import { interpolateBuiltins } from "../../lib/dashboards/variables";
import { backfillRecordingRules, rawNamesRead, recordingRules } from "../stack/backfill-rules";
import { ROOT, startAlertmanager, startConsole, startPrometheus, startRedis, startSimulator, writeRules } from "../stack/services";
import { BASELINE_REV, buildBaseline, drawAgainstMain } from "./baseline";
import { CHROMIUM_ARGS, drawCold, drawnOrThrow, EVERY_PANEL_IN_VIEW, signIn } from "./cold-draw";
import { BROWSER_CONNECTIONS, consoleReport, type ConsoleResults, type P2Run, type Profile } from "./console-report";
import { summary, type Summary } from "./stats";

const NODES = Number(process.env.BENCH_NODES ?? 1024); // × 8 GPUs
const HISTORY_HOURS = Number(process.env.BENCH_HISTORY_HOURS ?? 24);
const P1_QUERIES = Number(process.env.BENCH_P1_QUERIES ?? 20);
const P2_SECONDS = Number(process.env.BENCH_P2_SECONDS ?? 60);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The history's last hours at 1-min steps (the windows the phases draw, and rate rules' five minutes). */
const FINE_HOURS = Math.min(3, HISTORY_HOURS);
const ALL_PHASES = ["P1", "P2", "P3", "P4", "P5", "P7", "P8"] as const;
/** Which phases to measure (P5 is P5 and P6, and records the dashboard's requests the others replay). */
const PHASES = new Set((process.env.BENCH_PHASES ?? ALL_PHASES.join(",")).split(",").map((p) => p.trim().toUpperCase()));
const RUN_DIR = path.join(ROOT, ".data", `bench-console-${process.pid}`);
const dirs = { dataDir: RUN_DIR, logDir: path.join(RUN_DIR, "logs") };
const QUERY_LOG = path.join(RUN_DIR, "prometheus-queries.log");
const started: ManagedProcess[] = [];
let postgres: RunningPostgres | undefined;
let browser: Browser | undefined;
/** Restarted once (to load the backfilled rules' blocks): stopped apart from `started`. */
let prometheus: ManagedProcess | undefined;

/** One request of the dashboard as the browser sent it. */
interface Recorded {
  path: string;
  form: string;
  /** GET for the horizons the panels read (replayed as a POST, each was a 405 and counted as a failed panel request). */
  method?: "GET" | "POST";
}
/** One query Prometheus ran for the console (from its query log). */
interface UpstreamQuery {
  endpoint: "query" | "query_range";
  params: Record<string, string>;
  /** Prometheus' own evaluation time for it (its query log's stats), and the samples it read. */
  evalSeconds: number;
  samples: number;
}

async function timed(run: () => Promise<Response>): Promise<number> {
  const t = performance.now();
  const r = await run();
  await r.arrayBuffer();
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return performance.now() - t;
}

/** Runs tasks at most `limit` at a time. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

async function proxyCounters(consoleUrl: string, token: string): Promise<{ upstream: number; hits: number; shared: number }> {
  const text = await (await fetch(`${consoleUrl}/api/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const sum = (re: RegExp) => [...text.matchAll(re)].reduce((a, m) => a + Number(m[1]), 0);
  return {
    upstream: sum(/^console_prom_upstream_calls_total\{[^}]*\} (\d+)/gm),
    hits: sum(/^console_prom_cache_requests_total\{result="hit"\} (\d+)/gm),
    shared: sum(/^console_prom_inflight_shared_total (\d+)/gm),
  };
}


/** RSS of a process group (the console and its workers) from /proc: no fork of this (large) process every sample. */
function groupRssMb(pgid: number): number {
  let kb = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command (which may hold spaces) in parentheses: state, ppid, pgrp, …
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      kb += Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // the process ended meanwhile
    }
  }
  return kb / 1024;
}

/** The recorded request moved to a window ending `endSeconds` ago-aligned as the browser aligns it (to its step). */
function shifted(r: Recorded, nowSeconds: number): URLSearchParams {
  const form = new URLSearchParams(r.form);
  const step = Number(form.get("step"));
  if (form.has("start") && form.has("end") && step > 0) {
    const length = Number(form.get("end")) - Number(form.get("start"));
    const { end } = alignRange(nowSeconds, nowSeconds, step);
    form.set("end", String(end));
    form.set("start", String(end - length));
  } else if (form.has("time")) {
    form.set("time", String(alignInstant(nowSeconds, 15))); // as use-panel-data.ts asks

  }
  return form;
}

/** One viewer's load of the dashboard through the console's API (the browser's requests, replayed). */
async function loadDashboard(consoleUrl: string, token: string, requests: Recorded[], nowSeconds: number, signal?: AbortSignal) {
  return pool(
    requests.map((r) => async () => {
      try {
        const response =
          r.method === "GET"
            ? await fetch(`${consoleUrl}${r.path}`, { headers: { authorization: `Bearer ${token}` }, signal })
            : await fetch(`${consoleUrl}${r.path}`, {
                method: "POST",
                body: shifted(r, nowSeconds),
                headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
                signal,
              });
        const bytes = (await response.arrayBuffer()).byteLength;
        return { ok: response.ok, status: response.status, bytes, cache: response.headers.get("x-console-cache") ?? "none" };
      } catch {
        return { ok: false, status: 0, bytes: 0, cache: "none" }; // gave up waiting (a viewer would have too)
      }
    }),
    BROWSER_CONNECTIONS,
  );
}

async function p1(promUrl: string, consoleUrl: string, token: string) {
  const query = "avg by (cluster, Hostname) (DCGM_FI_DEV_GPU_UTIL)";
  const direct: number[] = [];
  const proxied: number[] = [];
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < P1_QUERIES; i++) {
    // A window never asked before (uncached), the same size every time: 6 h at 60 s, inside the history.
    const end = now - 3600 - i * 617;
    const body = () => new URLSearchParams({ query, start: String(end - 6 * 3600), end: String(end), step: "60" });
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
  return { query, direct: d, proxy: p, ratioP50: p.p50 / d.p50, ratioP99: p.p99 / d.p99 };
}

/** 100 viewers (P2), spread evenly over one console or several replicas of it; upstream calls summed over them. */
async function p2(consoles: { url: string; pid: number }[], token: string, requests: Recorded[]) {
  const countersNow = async () => (await Promise.all(consoles.map((c) => proxyCounters(c.url, token)))).reduce((a, b) => ({ upstream: a.upstream + b.upstream, hits: a.hits + b.hits, shared: a.shared + b.shared }));
  const countersBefore = await countersNow();
  const rss = () => consoles.reduce((a, c) => a + groupRssMb(c.pid), 0);
  let panels = 0;
  let failed = 0;
  let started = 0;
  let finished = 0;
  let peakRss = rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss())), 500);
  const stopAt = Date.now() + P2_SECONDS * 1000;
  const viewers = Array.from({ length: VIEWERS }, async (_, v) => {
    const consoleUrl = consoles[v % consoles.length]!.url;
    await sleep(Math.random() * 30_000); // viewers open the page at different moments
    while (Date.now() < stopAt) {
      // A viewer waits at most a minute for a load (the proxy's own timeout is 30 s per query).
      started++;
      const answers = await loadDashboard(consoleUrl, token, requests, Date.now() / 1000, AbortSignal.timeout(60_000));
      finished++;
      panels += answers.length;
      failed += answers.filter((a) => !a.ok).length;
      if (Date.now() + 30_000 >= stopAt) break;
      await sleep(30_000);
    }
  });
  // Every load ends within its minute; one that has not 90 s after the last could start is counted as failed whole.
  await Promise.race([Promise.all(viewers), sleep(P2_SECONDS * 1000 + 90_000)]);
  clearInterval(sampler);
  const unfinishedLoads = started - finished;
  panels += unfinishedLoads * requests.length;
  failed += unfinishedLoads * requests.length;
  const after = await countersNow();
  const upstream = after.upstream - countersBefore.upstream;
  // How the panels were served besides upstream: from the cache, or by joining a call in flight (on this replica or, with Redis, another).
  const cacheHits = after.hits - countersBefore.hits;
  const sharedCalls = after.shared - countersBefore.shared;
  console.log(`  ${panels} panel requests (${failed} failed, ${unfinishedLoads} loads unfinished), ${upstream} upstream calls, peak RSS ${Math.round(peakRss)} MB`);
  return { panelRequests: panels, failedRequests: failed, unfinishedLoads, upstreamCalls: upstream, cacheHits, sharedCalls, ratio: upstream / panels, peakRssMb: peakRss };
}

/** A console the bench restarts before each cold load: cold is a console process that has served nothing yet. */
type Restartable = ManagedProcess & { restart: () => Promise<void> };
async function startRestartable(opts: Parameters<typeof startConsole>[0]): Promise<Restartable> {
  let proc = await startConsole(opts, dirs);
  const handle: Restartable = {
    name: proc.name,
    get pid() {
      return proc.pid;
    },
    stop: () => proc.stop(),
    restart: async () => {
      await proc.stop();
      proc = await startConsole(opts, dirs);
    },
  };
  started.push(handle);
  return handle;
}

async function p3(consoleUrl: string, token: string, requests: Recorded[], restart: () => Promise<void>) {
  const cold: number[] = [];
  const warm: number[] = [];
  const ratios: number[] = [];
  const cachedShare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A window of its own (ending minutes ago, where the rules have data too) on a console just started: nothing is cached.
    const at = Date.now() / 1000 - 300 - i * 780;
    await restart();
    const t0 = performance.now();
    await loadDashboard(consoleUrl, token, requests, at);
    const c = performance.now() - t0;
    const w: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      await loadDashboard(consoleUrl, token, requests, at);
      w.push(performance.now() - t);
    }
    const wMedian = summary(w).p50;
    cold.push(c);
    warm.push(wMedian);
    ratios.push(c / wMedian);
    // A minute later: what share of the bytes comes from the cache?
    const moved = await loadDashboard(consoleUrl, token, requests, at + 60);
    const total = moved.reduce((a, m) => a + m.bytes, 0);
    const fromCache = moved.filter((m) => m.cache === "hit" || m.cache === "shared").reduce((a, m) => a + m.bytes, 0);
    cachedShare.push(total ? fromCache / total : 0);
  }
  return { coldMs: summary(cold), warmMs: summary(warm), coldOverWarm: summary(ratios), cachedShareAfterOneMinute: summary(cachedShare) };
}

async function p4(consoleUrl: string, token: string) {
  const query = "avg by (cluster) (DCGM_FI_DEV_GPU_UTIL)";
  const rows: { rangeHours: number; width: number; step: number; maxPoints: number; ratio: number }[] = [];
  const now = Math.floor(Date.now() / 1000) - 120;
  for (const rangeHours of [1, 6, 24]) {
    for (const width of [200, 640, 1400, 2560]) {
      // As a panel of that width asks (components/dashboards/use-panel-data.ts).
      const step = stepFor({ startSeconds: now - rangeHours * 3600, endSeconds: now, maxDataPoints: width, minStepSeconds: 15 });
      const { start, end } = alignRange(now - rangeHours * 3600, now, step);
      const r = await fetch(`${consoleUrl}/api/prom/default/api/v1/query_range`, {
        method: "POST",
        body: new URLSearchParams({ query, start: String(start), end: String(end), step: String(step) }),
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await r.json()) as { data: { result: { values: unknown[] }[] } };
      const maxPoints = Math.max(...body.data.result.map((s) => s.values.length));
      rows.push({ rangeHours, width, step, maxPoints, ratio: maxPoints / width });
    }
  }
  return { query, rows, worst: Math.max(...rows.map((r) => r.ratio)) };
}

/** The queries Prometheus ran for API calls since the log was last emptied (rule evaluations left out). */
function loggedQueries(): UpstreamQuery[] {
  if (!existsSync(QUERY_LOG)) return [];
  const out: UpstreamQuery[] = [];
  for (const line of readFileSync(QUERY_LOG, "utf8").split("\n")) {
    if (!line) continue;
    const entry = JSON.parse(line) as {
      httpRequest?: unknown;
      params: { query: string; start: string; end: string; step: number };
      stats?: { timings?: { evalTotalTime?: number }; samples?: { totalQueryableSamples?: number } };
    };
    if (!entry.httpRequest) continue;
    const { query, start, end, step } = entry.params;
    const s = Date.parse(start) / 1000;
    const e = Date.parse(end) / 1000;
    const stats = { evalSeconds: entry.stats?.timings?.evalTotalTime ?? 0, samples: entry.stats?.samples?.totalQueryableSamples ?? 0 };
    out.push(step > 0 ? { endpoint: "query_range", params: { query, start: String(s), end: String(e), step: String(step) }, ...stats } : { endpoint: "query", params: { query, time: String(e) }, ...stats });
  }
  return out;
}

/** The SRE dashboard in Chromium, RUNS times on windows of their own (cold), each beside its upstream queries alone. */
async function p5p6(consoleUrl: string, promUrl: string, restart: () => Promise<void>) {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const context = await browser.newContext({ baseURL: consoleUrl, viewport: EVERY_PANEL_IN_VIEW });
  const page = await context.newPage();
  await signIn(page, "sre@demo.local", /\/sre/);

  const runs: { drawnMs: number; upstreamMs: number; panels: number; requests: number; upstreamQueries: number; browserBytes: number; browserWireBytes: number; promBytes: number; promGzipBytes: number }[] = [];
  let recorded: Recorded[] = [];
  let profile: Profile | undefined;
  for (let i = 0; i < RUNS; i++) {
    // An absolute hour of its own, ending minutes ago (the recording rules have data only since Prometheus started): none of it is cached.
    const to = (Math.floor(Date.now() / 60_000) - 1 - i * 7) * 60_000;
    const requests: Recorded[] = [];
    const onRequest = (request: Request) => {
      const url = new URL(request.url());
      if (/^\/api\/(prom|heatmap)\//.test(url.pathname)) requests.push({ path: url.pathname + url.search, form: request.postData() ?? "", method: request.method() === "GET" ? "GET" : "POST" });
    };
    page.on("request", onRequest);
    // Nothing cached, not even the horizons the sign-in's landing page looked up (the session outlives the restart);
    // the page is left first, so its panels do not retry into the recording while the console is down.
    await page.goto("about:blank");
    await restart();
    if (existsSync(QUERY_LOG)) truncateSync(QUERY_LOG);
    const drawnMs = drawnOrThrow(await drawCold(page, `/sre?from=${to - 3600_000}&to=${to}`), `/sre, cold load ${i + 1}`);
    page.off("request", onRequest);
    // Bytes as the browser counts them: decoded bodies and what crossed the wire (Resource Timing).
    const measured = await page.evaluate(() =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((e) => /\/api\/(prom|heatmap)\//.test(e.name))
        .map((e) => ({ body: e.decodedBodySize, wire: e.encodedBodySize })),
    );
    const panels = await page.locator("article.panel").count();
    await sleep(1_000); // the query log is written when each query ends
    const upstream = loggedQueries();
    // The same upstream queries by themselves, as many at once as the browser had.
    const t0 = performance.now();
    const direct = await pool(
      upstream.map((q) => async () => {
        const r = await fetch(`${promUrl}/api/v1/${q.endpoint}`, { method: "POST", body: new URLSearchParams(q.params) });
        return Buffer.from(await r.arrayBuffer());
      }),
      BROWSER_CONNECTIONS,
    );
    const upstreamMs = performance.now() - t0;
    runs.push({
      drawnMs,
      upstreamMs,
      panels,
      requests: requests.length,
      upstreamQueries: upstream.length,
      browserBytes: measured.reduce((a, m) => a + m.body, 0),
      browserWireBytes: measured.reduce((a, m) => a + m.wire, 0),
      promBytes: direct.reduce((a, b) => a + b.byteLength, 0),
      promGzipBytes: direct.reduce((a, b) => a + gzipSync(b).byteLength, 0),
    });
    recorded = requests;
    // Where a cold load's time goes (the first run): Prometheus' evaluation of each query it was asked.
    profile ??= {
      drawnMs,
      upstreamEvalSeconds: upstream.reduce((a, q) => a + q.evalSeconds, 0),
      queries: upstream.length,
      slowest: [...upstream]
        .sort((a, b) => b.evalSeconds - a.evalSeconds)
        .slice(0, 8)
        .map((q) => ({ endpoint: q.endpoint, query: q.params.query!, evalSeconds: q.evalSeconds, samples: q.samples })),
    };
  }
  await browser.close();
  browser = undefined;
  const s = (f: (r: (typeof runs)[number]) => number): Summary => summary(runs.map(f));
  return {
    recorded,
    result: {
      runs,
      panels: runs[0]?.panels ?? 0,
      requests: runs[0]?.requests ?? 0,
      P5: { browserBytes: s((r) => r.browserBytes), browserWireBytes: s((r) => r.browserWireBytes), promBytes: s((r) => r.promBytes), promGzipBytes: s((r) => r.promGzipBytes), ratio: s((r) => r.browserBytes / r.promBytes), wireRatio: s((r) => r.browserWireBytes / r.promGzipBytes) },
      P6: { drawnMs: s((r) => r.drawnMs), upstreamMs: s((r) => r.upstreamMs), ratio: s((r) => r.drawnMs / r.upstreamMs) },
      profile: profile!,
    },
  };
}

/** The exporter families dashboards read over an hour's window, through the rules they read. */
function familiesRead(dashboards: readonly string[]): string[] {
  const builtins = { rangeSeconds: 3600, intervalSeconds: 60 };
  const exprs = dashboards.flatMap((id) => dashboardFor(id, "release")!.panels.flatMap((p) => p.queries.flatMap((q) => [q.expr, ...(q.raw ? [q.raw] : [])])));
  return rawNamesRead(exprs.map((e) => interpolateBuiltins(e, builtins)), recordingRules(path.join(ROOT, "deploy/prometheus/rules")));
}

async function main() {
  mkdirSync(dirs.logDir, { recursive: true });
  const fleet = `scale-${NODES}`;
  console.log(`▸ starting the stack (${NODES * 8} GPUs, ${HISTORY_HOURS} h of history)…`);
  const [pgPort, simPort, promPort, amPort, consoleA, consoleB, replicaA, replicaB, redisPort] = await Promise.all(Array.from({ length: 9 }, () => freePort()));
  postgres = await startEmbeddedPostgres({ dataDir: path.join(RUN_DIR, "pg"), port: pgPort!, persistent: false });
  await prepareDatabase(postgres.url, { demo: true, demoPassword: "fleet-demo" });
  started.push(await startSimulator(simPort!, dirs, fleet));
  // The history at 5 min, but its last FINE_HOURS at 1 min: a rule of rate(…[5m]) needs two samples in 5 min, so
  // over 5-min history promtool's rules backfill wrote none of them and every rate panel fell back to its raw form.
  // The fine part holds every family the measured dashboards read: without NVLink, InfiniBand and disk history
  // their rules began with Prometheus, so those panels rightly ran their raw forms over every GPU and disk.
  const tsdbDir = path.join(RUN_DIR, "prometheus/data");
  const fineFromMs = Math.floor(Date.now() / 300_000) * 300_000 - FINE_HOURS * 3_600_000;
  const fine = await backfillHistory({ fleet, days: FINE_HOURS / 24, stepMinutes: 1, untilMs: Date.now(), tsdbDir, workDir: path.join(RUN_DIR, "history-fine"), only: { families: familiesRead(["sre", "overview"]) } });
  const coarse = HISTORY_HOURS > FINE_HOURS ? await backfillHistory({ fleet, days: (HISTORY_HOURS - FINE_HOURS) / 24, stepMinutes: 5, untilMs: fineFromMs - 300_000, tsdbDir, workDir: path.join(RUN_DIR, "history") }) : undefined;
  const parts = [fine, ...(coarse ? [coarse] : [])];
  const sum = (f: (h: (typeof parts)[number]) => number) => parts.reduce((a, h) => a + f(h), 0);
  const history = { fromMs: (coarse ?? fine).fromMs, samples: sum((h) => h.samples), writeMs: sum((h) => h.writeMs), importMs: sum((h) => h.importMs) };
  console.log(`  history: ${history.samples.toLocaleString("en")} samples written in ${Math.round(history.writeMs / 1000)} s, imported in ${Math.round(history.importMs / 1000)} s`);
  started.push(await startAlertmanager(amPort!, dirs));
  const promOptions = { port: promPort!, simPort: simPort!, alertmanagerPort: amPort!, rulesDir: writeRules(path.join(RUN_DIR, "rules")), queryLogFile: QUERY_LOG };
  prometheus = await startPrometheus(promOptions, dirs);
  // The recording rules over the same history, as a Prometheus that has run them all along holds them (scripts/demo.ts does the same).
  const restart = async () => {
    await prometheus?.stop();
    prometheus = await startPrometheus(promOptions, dirs);
  };
  console.log("▸ backfilling the recording rules over the history…");
  const rules = await backfillRecordingRules({
    promUrl: `http://127.0.0.1:${promPort}`,
    rulesDir: path.join(ROOT, "deploy/prometheus/rules"),
    tsdbDir: path.join(RUN_DIR, "prometheus/data"),
    workDir: path.join(RUN_DIR, "rules-backfill"),
    startMs: history.fromMs,
    endMs: Date.now(),
    reload: restart,
  });
  await restart();
  console.log(`  ${rules.rules} rules in ${rules.passes} passes, ${Math.round(rules.ms / 1000)} s`);
  console.log("▸ building the console (standalone, as the Docker image)…");
  const distDir = ".next-test"; // listed in tsconfig.json already (Next adds a new one there)
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_OUTPUT: "standalone", NEXT_TELEMETRY_DISABLED: "1", NEXT_SKIP_TYPECHECK: "1" },
    stdio: "ignore",
  });
  const baseline = PHASES.has("P8") ? (console.log(`▸ building today's main (${BASELINE_REV}) beside it…`), buildBaseline(BASELINE_REV, distDir)) : undefined;
  const promUrl = `http://127.0.0.1:${promPort}`;
  const env = { DATABASE_URL: postgres.url, PROMETHEUS_URL: promUrl, ALERTMANAGER_URL: `http://127.0.0.1:${amPort}`, NEXT_DIST_DIR: distDir, NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), DEMO_MODE: "1" };
  const urlA = `http://127.0.0.1:${consoleA}`;
  const urlB = `http://127.0.0.1:${consoleB}`;
  const withCache = await startRestartable({ port: consoleA!, host: "127.0.0.1", standalone: distDir, env: { ...env, NEXTAUTH_URL: urlA } });
  const plain = await startConsole({ name: "console-plain", port: consoleB!, host: "127.0.0.1", standalone: distDir, env: { ...env, NEXTAUTH_URL: urlB, PROM_CACHE_BYTES: "0", PROM_SHARE_INFLIGHT: "false" } }, dirs);
  started.push(plain);
  // Two more replicas of the console on one Redis (P7), as deploy/compose and deploy/kubernetes run it.
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  started.push(await startRedis(redisPort!, dirs));
  const replicas = [];
  for (const [i, port] of [replicaA!, replicaB!].entries()) {
    const url = `http://127.0.0.1:${port}`;
    const proc = await startConsole({ name: `console-replica-${i + 1}`, port, host: "127.0.0.1", standalone: distDir, env: { ...env, NEXTAUTH_URL: url, REDIS_URL: redisUrl } }, dirs);
    started.push(proc);
    replicas.push({ url, pid: proc.pid });
  }
  const mainPort = await freePort();
  const mainUrl = `http://127.0.0.1:${mainPort}`;
  const main = baseline ? await startRestartable({ name: "console-main", port: mainPort, host: "127.0.0.1", standalone: distDir, root: baseline.root, env: { ...env, NEXTAUTH_URL: mainUrl } }) : undefined;
  const db = createPrisma(postgres.url);
  const { token } = await createApiToken({ name: "bench", role: "sre", teams: [] }, db);
  await db.$disconnect();
  console.log("▸ waiting for two scrapes of the whole fleet and the rules…");
  await sleep(45_000);

  // Each phase's figures are saved as soon as they exist: a long run stopped half-way keeps what it measured.
  // BENCH_PHASES=P2 measures only those phases and keeps the others from the last run's results.
  const resultsFile = path.join(ROOT, "bench/results/console.json");
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
  const fleetFacts = { gpus: NODES * 8, historyHours: HISTORY_HOURS, historySamples: history.samples, historyStepMinutes: 5, historyFineHours: FINE_HOURS, historyFineStepMinutes: 1, scrapeInterval: "15s" };
  const previous = PHASES.size < ALL_PHASES.length && existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, "utf8")) as Record<string, unknown>) : {};
  const partial: Record<string, unknown> = PHASES.has("P5") ? { complete: false, machine, fleet: fleetFacts } : { ...previous, complete: false };
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  const save = (figures: Record<string, unknown>) => {
    Object.assign(partial, figures);
    writeFileSync(resultsFile, `${JSON.stringify(partial, null, 2)}\n`);
  };
  let recorded = ((previous.dashboard as { recorded?: Recorded[] } | undefined)?.recorded ?? []) as Recorded[];
  if (PHASES.has("P5")) {
    console.log(`▸ P5/P6 the SRE dashboard in Chromium, ${RUNS} cold loads…`);
    const r56 = await p5p6(urlA, promUrl, withCache.restart);
    recorded = r56.recorded;
    save({ dashboard: { page: "/sre", window: "1 h", panels: r56.result.panels, requests: r56.result.requests, recorded }, P5: r56.result.P5, P6: r56.result.P6, profile: r56.result.profile, runs: r56.result.runs });
    console.log(`  ${r56.result.panels} panels, ${r56.result.requests} requests`);
  }
  if (baseline && main) {
    console.log(`▸ P8 /sre and /overview cold in Chromium, this console and today's main (${baseline.commit.slice(0, 7)}), ${RUNS} runs each…`);
    const consoles = [
      { name: "current" as const, url: urlA, restart: withCache.restart },
      { name: "main" as const, url: mainUrl, restart: main.restart },
    ];
    save({ P8: await drawAgainstMain(consoles, ["/sre", "/overview"], RUNS, baseline.commit) });
  }
  if (recorded.length === 0) throw new Error("no recorded dashboard requests: run P5 first (BENCH_PHASES unset)");
  if (PHASES.has("P1")) {
    console.log("▸ P1 proxy overhead…");
    save({ P1: await p1(promUrl, urlA, token) });
  }
  if (PHASES.has("P3")) {
    console.log("▸ P3 cold and warm dashboard loads…");
    save({ P3: await p3(urlA, token, recorded, withCache.restart) });
  }
  if (PHASES.has("P4")) {
    console.log("▸ P4 points per series over ranges and widths…");
    save({ P4: await p4(urlA, token) });
  }
  if (PHASES.has("P2")) {
    const runFacts = { viewers: VIEWERS, seconds: P2_SECONDS, historyHours: HISTORY_HOURS, date: machine.date };
    console.log(`▸ P2 ${VIEWERS} viewers × ${recorded.length} requests for ${P2_SECONDS} s, with cache and sharing…`);
    // A console just started, as P7's two replicas are: each then looks up the dashboard's series starts once.
    await withCache.restart();
    const r2 = await p2([{ url: urlA, pid: withCache.pid }], token, recorded);
    save({ P2: { ...runFacts, withCacheAndSharing: r2 } });
    console.log("▸ P2 baseline: the same without cache and sharing…");
    save({ P2: { ...runFacts, withCacheAndSharing: r2, plainProxy: await p2([{ url: urlB, pid: plain.pid }], token, recorded) } });
  }
  if (PHASES.has("P7")) {
    console.log(`▸ P7 the same ${VIEWERS} viewers over two replicas sharing one Redis…`);
    const one = (partial.P2 as { withCacheAndSharing?: P2Run } | undefined)?.withCacheAndSharing;
    const two = await p2(replicas, token, recorded);
    save({ P7: { viewers: VIEWERS, seconds: P2_SECONDS, twoReplicas: two, ...(one ? { oneReplica: one, ratio: two.upstreamCalls / one.upstreamCalls } : {}) } });
  }
  const complete = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"].every((k) => k in partial);
  save({ complete });
  if (!complete) return;
  const md = consoleReport(partial as unknown as ConsoleResults);
  writeFileSync(path.join(ROOT, "bench/results/console.md"), md);
  console.log(`\n${md}`);
}

async function stopAll() {
  await browser?.close().catch(() => undefined);
  for (const p of started.reverse()) await p.stop().catch(() => undefined);
  await prometheus?.stop().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
}

for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void stopAll().then(() => process.exit(130)));
process.on("unhandledRejection", (error) => {
  console.error(`✗ ${(error as Error).stack ?? error}`);
  void stopAll().then(() => process.exit(1));
});
try {
  await main();
  await stopAll();
  rmSync(RUN_DIR, { recursive: true, force: true });
} catch (error) {
  console.error(`✗ ${(error as Error).stack}`);
  await stopAll();
  console.error(`logs kept in ${path.relative(ROOT, dirs.logDir)}/`);
  process.exit(1);
}
