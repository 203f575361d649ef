/**
 * `npm run bench:heatmap`: the fleet heatmap at 8,192 GPUs × 24 h at a 5 m step
 * (2.36 M cells) in headless Chromium, ECharts' stock heatmap series against the
 * console's image-based one, side by side in one run (alternating, medians and spread).
 * The data is the simulator's scale-1024 fleet backfilled into a real Prometheus; the
 * stock chart reads Prometheus' JSON, the console's chart reads lib/heatmap/service.ts'
 * answer (the code behind /api/heatmap) built from the same query.
 * Results: bench/results/heatmap.json and heatmap.md.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { build } from "esbuild";
import { backfillHistory } from "../stack/history";
import { freePort, httpOk, spawnService, stopGroup, waitUntil, type ManagedProcess } from "../stack/process";
import { ROOT } from "../stack/services";
import { round, summary } from "./stats";

const NODES = Number(process.env.BENCH_HEATMAP_NODES ?? 1024); // × 8 GPUs
const RUNS = Number(process.env.BENCH_HEATMAP_RUNS ?? 3);
const STEP = 300;
/** ECharts' heatmap draws 400 cells per frame by default; 0 draws them all in one frame (faster here). */
const STOCK_PROGRESSIVE = Number(process.env.BENCH_HEATMAP_PROGRESSIVE ?? 0);
const QUERY = "max by (cluster, Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL)";
const RUN_DIR = path.join(ROOT, ".data", `bench-heatmap-${process.pid}`);
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
type Mode = "stock" | "image" | "image-full";
const MODES: Mode[] = ["stock", "image", "image-full"];

let prometheus: ManagedProcess | undefined;
let server: http.Server | undefined;

async function startPrometheusOn(tsdb: string): Promise<{ url: string }> {
  const port = await freePort();
  const config = path.join(RUN_DIR, "prometheus.yml");
  writeFileSync(config, "global:\n  scrape_interval: 1h\n");
  prometheus = spawnService("prometheus", "prometheus", [`--config.file=${config}`, `--storage.tsdb.path=${tsdb}`, "--storage.tsdb.retention.time=30d", `--web.listen-address=127.0.0.1:${port}`], {
    logDir: path.join(RUN_DIR, "logs"),
  });
  await waitUntil("prometheus", () => httpOk(`http://127.0.0.1:${port}/-/ready`), 120_000);
  return { url: `http://127.0.0.1:${port}` };
}

async function bundlePage(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(ROOT, "bench/heatmap/page.ts")],
    bundle: true,
    format: "esm",
    minify: true,
    write: false,
    target: "chrome120",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: "error",
  });
  return out.outputFiles[0]!.text;
}

async function main() {
  mkdirSync(RUN_DIR, { recursive: true });
  const untilMs = Math.floor(Date.now() / (STEP * 1000)) * STEP * 1000;
  console.log(`▸ Backfilling ${NODES * 8} GPUs × 24 h at ${STEP / 60} m (DCGM_FI_DEV_GPU_UTIL)`);
  const tsdb = path.join(RUN_DIR, "tsdb");
  const history = await backfillHistory({
    fleet: `scale-${NODES}`,
    days: 1,
    stepMinutes: STEP / 60,
    tsdbDir: tsdb,
    workDir: path.join(RUN_DIR, "om"),
    untilMs,
    only: { gpuFields: ["DCGM_FI_DEV_GPU_UTIL"], gpuOnly: true },
  });
  console.log(`  ${history.samples.toLocaleString("en")} samples, written in ${(history.writeMs / 1000).toFixed(1)} s, imported in ${(history.importMs / 1000).toFixed(1)} s`);
  const prom = await startPrometheusOn(tsdb);

  // The console's heatmap code, uncached so every load does the whole work.
  process.env.PROMETHEUS_URL = prom.url;
  process.env.PROM_CACHE_BYTES = "0";
  process.env.PROM_MAX_RESPONSE_BYTES = String(512 * 1024 * 1024);
  const { heatmapFor } = await import("../../lib/heatmap/service");
  const { HEATMAP_MEDIA_TYPE } = await import("../../lib/heatmap/codec");

  const start = untilMs / 1000 - 86_400;
  const end = untilMs / 1000 - STEP;
  const bundle = await bundlePage();
  const bytes: Record<Mode, number[]> = { stock: [], image: [], "image-full": [] };
  const gzip: Partial<Record<Mode, number>> = {};
  let current: Mode = "stock";
  const record = (body: Buffer) => {
    bytes[current].push(body.length);
    gzip[current] ??= gzipSync(body).length;
  };

  server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><html><body style="margin:0;background:#111217"><div id="chart" style="width:1400px;height:800px"></div><script type="module" src="/bundle.js"></script></body></html>`);
    } else if (url.pathname === "/favicon.ico") {
      res.writeHead(204).end();
    } else if (url.pathname === "/bundle.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(bundle);
    } else if (url.pathname === "/prom/api/v1/query_range") {
      const t = performance.now();
      const upstream = await fetch(`${prom.url}/api/v1/query_range`, { method: "POST", body: form });
      const body = Buffer.from(await upstream.arrayBuffer());
      if (process.env.BENCH_VERBOSE) console.log(`    prometheus: ${(performance.now() - t).toFixed(0)} ms`);
      record(body);
      res.writeHead(upstream.status, { "content-type": "application/json" });
      res.end(body);
    } else if (url.pathname === "/api/heatmap/default") {
      const answer = await heatmapFor({ datasource: "default", params: form, scope: null });
      if (!answer.ok) {
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(JSON.stringify(answer.body));
        return;
      }
      const body = Buffer.from(answer.bytes);
      record(body);
      const t = answer.timings;
      if (process.env.BENCH_VERBOSE) console.log(`    server: upstream ${t.upstreamMs.toFixed(0)} ms, parse ${t.parseMs.toFixed(0)} ms, build ${t.buildMs.toFixed(0)} ms`);
      res.writeHead(200, { "content-type": HEATMAP_MEDIA_TYPE, "x-console-series": String(answer.series) });
      res.end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));

  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const times: Record<Mode, number[]> = { stock: [], image: [], "image-full": [] };
  const renders: Record<Mode, number[]> = { stock: [], image: [], "image-full": [] };
  const shape: Partial<Record<Mode, { cells: number; rows: number; cols: number }>> = {};
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const mode of run % 2 === 0 ? MODES : [...MODES].reverse()) {
        current = mode;
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        page.on("pageerror", (e) => console.error(`  ${mode}: page error: ${e.message}`));
        page.on("console", (m) => m.type() === "error" && console.error(`  ${mode}: ${m.text()}`));
        const q = new URLSearchParams({ mode, query: QUERY, start: String(start), end: String(end), step: String(STEP), progressive: String(STOCK_PROGRESSIVE) });
        await page.goto(`http://127.0.0.1:${port}/?${q}`);
        await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 600_000, polling: 100 });
        const result = (await page.evaluate(() => window.__bench))!;
        if (result.error) throw new Error(`${mode}: ${result.error}`);
        if (run === 0) await page.screenshot({ path: path.join(RUN_DIR, `${mode}.png`) });
        await context.close();
        times[mode].push(result.ms);
        renders[mode].push(result.ms - result.fetchMs);
        shape[mode] = { cells: result.cells, rows: result.rows, cols: result.cols };
        console.log(`  run ${run + 1} ${mode.padEnd(10)} ${result.ms.toFixed(0).padStart(7)} ms (in the browser after the response: ${(result.ms - result.fetchMs).toFixed(0)} ms)  ${result.rows} rows × ${result.cols} cols (${result.cells.toLocaleString("en")} cells)`);
      }
    }
  } finally {
    await browser.close();
  }

  const base = summary(times.stock);
  const baseRender = summary(renders.stock);
  const spread = (v: number[]) => ({ median: round(summary(v).p50, 1), min: round(Math.min(...v), 1), max: round(Math.max(...v), 1) });
  const rows = MODES.map((mode) => {
    const t = summary(times[mode]);
    const r = summary(renders[mode]);
    const b = bytes[mode][0] ?? 0;
    return {
      mode,
      ...shape[mode],
      ms: spread(times[mode]),
      speedup: round(base.p50 / t.p50, 2),
      /** From the response's last byte to the complete paint: what the chart technique costs. */
      renderMs: spread(renders[mode]),
      renderSpeedup: round(baseRender.p50 / r.p50, 2),
      bytes: b,
      gzipBytes: gzip[mode] ?? 0,
      bytesRatio: round(b / (bytes.stock[0] ?? 1), 4),
    };
  });
  const image = rows.find((r) => r.mode === "image")!;
  const result = {
    benchmark: "heatmap",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "", memGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version, chromium: browser.version() },
    data: { gpus: NODES * 8, hours: 24, stepSeconds: STEP, query: QUERY, samples: history.samples },
    runs: RUNS,
    rows,
    targets: {
      renderSpeedup: { want: ">= 10", got: image.renderSpeedup, ok: image.renderSpeedup >= 10 },
      endToEndSpeedup: { got: image.speedup, note: "both wait for the same Prometheus query" },
      bytes: { want: "<= 0.1", got: image.bytesRatio, ok: image.bytesRatio <= 0.1 },
    },
  };
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench/results/heatmap.json"), `${JSON.stringify(result, null, 2)}\n`);
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;
  const md = [
    `# Heatmap benchmark: ${(NODES * 8).toLocaleString("en")} GPUs × 24 h at a ${STEP / 60} m step`,
    "",
    `${result.date} · ${result.machine.cpus} × ${result.machine.cpuModel} · ${result.machine.memGiB} GiB · Node ${result.machine.node} · Chromium ${result.machine.chromium} (headless, no GPU) · ${RUNS} runs per chart, alternated`,
    "",
    "Paint: from the response's last byte to the first frame after ECharts' `finished` (parse or decode, colour, draw) — the chart technique. End to end: from the request, so it includes the Prometheus query both charts wait for (uncached here). Bytes: the response body, uncompressed (gzip in brackets).",
    "",
    "| chart | rows × cols drawn | paint (median, min–max) | × faster | end to end (median, min–max) | × faster | bytes to the browser | ÷ Prometheus JSON |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.mode === "stock" ? "ECharts heatmap series (stock), Prometheus JSON" : r.mode === "image" ? "**console: image, rows folded to pixel rows (max)**" : "console: image, every GPU its own row"} | ${r.rows} × ${r.cols} | ${r.renderMs.median} ms (${r.renderMs.min}–${r.renderMs.max}) | ${r.renderSpeedup} | ${r.ms.median} ms (${r.ms.min}–${r.ms.max}) | ${r.speedup} | ${mib(r.bytes)} (${mib(r.gzipBytes)}) | ${r.bytesRatio} |`,
    ),
    "",
    `Targets: paint ≥ 10× faster → ${image.renderSpeedup}× ${result.targets.renderSpeedup.ok ? "✓" : "✗"}; ≤ 0.1× the bytes → ${image.bytesRatio} ${result.targets.bytes.ok ? "✓" : "✗"}. End to end the console's chart is ${image.speedup}× faster: the rest is the Prometheus query itself, the same for both.`,
    "",
  ].join("\n");
  writeFileSync(path.join(ROOT, "bench/results/heatmap.md"), md);
  console.log(`\n${md}`);
}

async function cleanup() {
  server?.close();
  if (prometheus) await stopGroup(prometheus.pid);
  if (!process.env.BENCH_KEEP) rmSync(RUN_DIR, { recursive: true, force: true });
}

main()
  .then(cleanup)
  .catch(async (error) => {
    console.error(error);
    await cleanup();
    process.exit(1);
  });
