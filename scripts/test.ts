/**
 * `npm test`: every test, in order — typecheck and lint, unit tests (Vitest),
 * integration tests against a real PostgreSQL, Prometheus and Alertmanager started
 * here on free ports, then Playwright e2e in Debian's Chromium against a production
 * build. Stops everything it started, even on failure, and ends with
 * `N passed, N failed`.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { prepareDatabase, writeScrapeToken } from "./stack/database";
import { backfillHistory } from "./stack/history";
import { startEmbeddedPostgres, type RunningPostgres } from "./stack/postgres";
import { freePort, stopGroup, type ManagedProcess } from "./stack/process";
import { alertmanagerConfigFile, ROOT, startAlertmanager, startConsole, startIdp, startPrometheus, startSimulator, startVictoriaMetrics, writeRules } from "./stack/services";
import { ensurePackages } from "./stack/system-packages";
import { playwrightCounts, playwrightFailures, vitestCounts, vitestFailures, type Counts, type Failure } from "./test/counts";

const RUN_DIR = path.join(ROOT, ".data", `test-${process.pid}`);
/** dcgm-exporter's spellings other than the released one that the dashboards are tested against: between them every alias of LABEL_SPELLINGS but exported_*. */
const SPELLING_CHECKS = ["main", "old-namespace"] as const;
const SCREENSHOTS = path.join(ROOT, ".data", "screenshots");
const dirs = { dataDir: RUN_DIR, logDir: path.join(RUN_DIR, "logs") };
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
/** What failed, listed again just above the closing line: CI keeps only the end of the log. */
const failures: Failure[] = [];
const started: ManagedProcess[] = [];
let postgres: RunningPostgres | undefined;
let outagePostgres: RunningPostgres | undefined;
/** Processes a spec started again after stopping them (e2e/outage.spec.ts restarts Prometheus): stopped with the rest. */
const RESTARTED_PIDS = path.join(RUN_DIR, "restarted-pids");
/** TEST_FILTER="proxy access": only test files whose path contains one of these words (Vitest's and Playwright's own filters). */
const FILTER = (process.env.TEST_FILTER ?? "").split(/\s+/).filter(Boolean);
const only = new Set((process.env.TEST_STAGES ?? "static,unit,integration,e2e").split(","));

function banner(text: string) {
  console.log(`\n━━ ${text} ${"━".repeat(Math.max(0, 70 - text.length))}`);
}

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

/** A check without its own counts (typecheck, lint, build) counts as one test. */
function check(name: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  banner(name);
  const code = run(command, args, env);
  const ok = code === 0;
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push({ where: name, name: "", why: `exit code ${code}` });
    console.log(`✗ ${name} failed`);
  }
  return ok;
}

function add(name: string, counts: Counts | null, exitCode: number, failed: Failure[] = []) {
  failures.push(...failed);
  // The runner failed outside the tests it counted (a hook, a file that would not load): one failure more.
  const outsideTests = counts !== null && exitCode !== 0 && counts.failed === 0;
  if (outsideTests) failures.push({ where: name, name: "", why: `exit code ${exitCode} with every test passed (a hook or the runner failed)` });
  if (!counts) {
    failures.push({ where: name, name: "", why: `no results (exit ${exitCode})` });
    totals.failed++;
    console.log(`✗ ${name}: no results (exit ${exitCode})`);
    return;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed + (outsideTests ? 1 : 0);
  totals.skipped += counts.skipped;
}

function vitest(project: string, env: Record<string, string> = {}) {
  banner(`${project} tests (Vitest)`);
  const out = path.join(RUN_DIR, `vitest-${project}.json`);
  const code = run(path.join(ROOT, "node_modules/.bin/vitest"), ["run", "--project", project, ...FILTER, ...(FILTER.length ? ["--passWithNoTests"] : []), "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], env);
  add(`${project} tests`, vitestCounts(out), code, vitestFailures(out, ROOT));
}

/** Bundles scripts/db.ts as the Dockerfile does (scripts/bundle-db-tool.mjs) and runs it from elsewhere: `migrate`, then `seed` with the demo users. */
function prepareWithBundledTool(databaseUrl: string, demoPassword: string) {
  const outfile = path.join(RUN_DIR, "image", "fleet-db.mjs");
  const bundle = spawnSync(process.execPath, [path.join(ROOT, "scripts/bundle-db-tool.mjs"), `--outfile=${outfile}`], { cwd: ROOT, encoding: "utf8" });
  if (bundle.status !== 0) throw new Error(`bundling fleet-db.mjs: ${bundle.stderr}`);
  const env = { ...process.env, DATABASE_URL: databaseUrl, DEMO_MODE: "1", DEMO_PASSWORD: demoPassword, MIGRATIONS_DIR: path.join(ROOT, "prisma/migrations"), RUNBOOKS_DIR: path.join(ROOT, "deploy/runbooks") };
  for (const step of ["migrate", "seed"]) {
    const run = spawnSync(process.execPath, [outfile, step], { cwd: path.dirname(outfile), env, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`fleet-db.mjs ${step}: ${run.stderr || run.stdout}`);
    console.log(`fleet-db.mjs ${step}: ${run.stdout.trim()}`);
  }
}

async function stack() {
  banner("Starting the real stack on free ports");
  const [pgPort, simPort, promPort, amPort, consolePort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  postgres = await startEmbeddedPostgres({ dataDir: path.join(RUN_DIR, "pg"), port: pgPort!, persistent: false });
  started.push(await startSimulator(simPort!, dirs, "test"));
  started.push(await startAlertmanager(amPort!, dirs));
  // A little history (4 days, every 30 min) through the same promtool import as the demo's.
  const history = await backfillHistory({ fleet: "test", days: 4, stepMinutes: 30, tsdbDir: path.join(RUN_DIR, "prometheus/data"), workDir: path.join(RUN_DIR, "history") });
  console.log(`history: ${history.samples} samples imported in ${Math.round(history.writeMs + history.importMs)} ms`);
  // The real rules, evaluated every second with every `for` capped at 5 s.
  const rulesDir = writeRules(path.join(RUN_DIR, "rules"), { maxFor: "5s", maxInterval: "1s" });
  // It scrapes the e2e console too (meta-monitoring: the Console dashboard draws what it scraped).
  const scrapeToken = path.join(RUN_DIR, "console-token");
  started.push(await startPrometheus({ port: promPort!, simPort: simPort!, alertmanagerPort: amPort!, scrapeInterval: "1s", rulesDir, console: { port: consolePort!, tokenFile: scrapeToken } }, dirs));
  // The same fleet as dcgm-exporter's other builds spell its labels (lib/metrics/labels.ts): a
  // Prometheus per spelling, scraping the simulator with ?labels=…, with its own history and
  // the shipped rules respelled, alerting nowhere. The dashboards' integration test runs on each.
  const spellingStacks: { spelling: string; datasource: string; url: string; proc: ManagedProcess }[] = [];
  for (const spelling of SPELLING_CHECKS) {
    const port = (await freePort())!;
    const name = `prometheus-${spelling}`;
    await backfillHistory({ fleet: "test", days: 4, stepMinutes: 30, tsdbDir: path.join(RUN_DIR, name, "data"), workDir: path.join(RUN_DIR, `history-${spelling}`), only: { labels: spelling } });
    const spelledRules = writeRules(path.join(RUN_DIR, `rules-${spelling}`), { maxFor: "5s", maxInterval: "1s" }, spelling);
    const proc = await startPrometheus({ name, port, simPort: simPort!, alertmanagerPort: amPort!, scrapeInterval: "2s", rulesDir: spelledRules, labelSpelling: spelling, noAlerting: true }, dirs);
    started.push(proc);
    spellingStacks.push({ spelling, datasource: `spelling-${spelling}`, url: `http://127.0.0.1:${port}`, proc });
  }
  // Second backends for the proxy: VictoriaMetrics, and an HA pair of Prometheus servers
  // that scrape the GPU exporters with replica="a" / replica="b".
  // closedPort: nothing listens there — the "down" datasource, for tests of an unreachable upstream.
  const [vmPort, haAPort, haBPort, closedPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  started.push(await startVictoriaMetrics(vmPort!, simPort!, dirs));
  const haA = await startPrometheus({ name: "prometheus-ha-a", port: haAPort!, simPort: simPort!, alertmanagerPort: amPort!, scrapeInterval: "1s", onlyJobs: ["dcgm"], replica: "a" }, dirs);
  const haB = await startPrometheus({ name: "prometheus-ha-b", port: haBPort!, simPort: simPort!, alertmanagerPort: amPort!, scrapeInterval: "1s", onlyJobs: ["dcgm"], replica: "b" }, dirs);
  started.push(haA, haB);
  const datasources = [
    { id: "vm", name: "VictoriaMetrics", type: "victoriametrics", url: `http://127.0.0.1:${vmPort}`, scrapeIntervalSeconds: 1 },
    { id: "ha", name: "Prometheus HA pair", type: "prometheus", ha: { replicaLabel: "replica", replicas: [`http://127.0.0.1:${haAPort}`, `http://127.0.0.1:${haBPort}`] } },
    { id: "down", name: "Unreachable (nothing listens)", type: "prometheus", url: `http://127.0.0.1:${closedPort}` },
    { id: "sites", name: "Both replicas as sites", type: "prometheus", fanout: { label: "site", members: [{ cluster: "a", url: `http://127.0.0.1:${haAPort}` }, { cluster: "b", url: `http://127.0.0.1:${haBPort}` }] } },
    // The test stack's Prometheus for the last minute, VictoriaMetrics (the long-term store) before it.
    { id: "tiered", name: "Prometheus, then VictoriaMetrics", type: "prometheus", scrapeIntervalSeconds: 1, tiers: { recent: "default", longTerm: "vm", retention: "60s" } },
  ];
  const datasourcesFile = path.join(RUN_DIR, "datasources.yml");
  writeFileSync(datasourcesFile, YAML.stringify({ datasources }));
  // The integration tests also see the respelled Prometheus servers (stopped before the e2e stage).
  const integrationDatasourcesFile = path.join(RUN_DIR, "datasources-integration.yml");
  const spelled = spellingStacks.map((x) => ({ id: x.datasource, name: `Labels spelled "${x.spelling}"`, type: "prometheus", url: x.url }));
  writeFileSync(integrationDatasourcesFile, YAML.stringify({ datasources: [...datasources, ...spelled] }));
  // The outage pair: a Prometheus and an Alertmanager of their own for a second console,
  // which e2e/outage.spec.ts kills to see what the console does without them.
  const [outagePromPort, outageAmPort, outagePgPort] = await Promise.all([freePort(), freePort(), freePort()]);
  // …and a PostgreSQL of its own, which the spec stops too.
  outagePostgres = await startEmbeddedPostgres({ dataDir: path.join(RUN_DIR, "pg-outage"), port: outagePgPort!, persistent: false });
  const outageAm = await startAlertmanager(outageAmPort!, dirs, "alertmanager-outage");
  const outageProm = await startPrometheus({ name: "prometheus-outage", port: outagePromPort!, simPort: simPort!, alertmanagerPort: outageAmPort!, scrapeInterval: "1s", rulesDir }, dirs);
  started.push(outageAm, outageProm);
  // A real OpenID Connect provider for the main console's single sign-on.
  const idp = await startIdp((await freePort())!, [`http://127.0.0.1:${consolePort}`], dirs);
  started.push(idp.proc);
  const demoPassword = "fleet-demo";
  await prepareDatabase(postgres.url, { demo: true, demoPassword });
  await writeScrapeToken(postgres.url, scrapeToken);
  // The outage console's database is prepared by the tool the Docker image ships (an esbuild bundle of scripts/db.ts).
  prepareWithBundledTool(outagePostgres.url, demoPassword);
  console.log(`PostgreSQL :${pgPort}  simulator :${simPort}  Prometheus :${promPort}  Alertmanager :${amPort}`);
  return {
    consolePort: consolePort!,
    spelling: {
      stacks: spellingStacks,
      env: { DATASOURCES_FILE: integrationDatasourcesFile, SPELLING_STACKS: JSON.stringify(spellingStacks.map(({ spelling, datasource, url }) => ({ spelling, datasource, url }))) },
    },
    sso: idp.env,
    outage: {
      PROMETHEUS_URL: `http://127.0.0.1:${outagePromPort}`,
      ALERTMANAGER_URL: `http://127.0.0.1:${outageAmPort}`,
      ALERTMANAGER_CONFIG_FILE: alertmanagerConfigFile(dirs, "alertmanager-outage"),
      OUTAGE_PROMETHEUS_PID: String(outageProm.pid),
      OUTAGE_ALERTMANAGER_PID: String(outageAm.pid),
      DATABASE_URL: outagePostgres.url,
      OUTAGE_PG_DATA_DIR: path.join(RUN_DIR, "pg-outage"),
    },
    env: {
      DATABASE_URL: postgres.url,
      PROMETHEUS_URL: `http://127.0.0.1:${promPort}`,
      ALERTMANAGER_URL: `http://127.0.0.1:${amPort}`,
      // The copy of alertmanager.yml the stack's Alertmanager reads: the routing's apply writes it.
      ALERTMANAGER_CONFIG_FILE: alertmanagerConfigFile(dirs),
      ROUTING_SECRET_KEY: randomBytes(32).toString("base64url"),
      SIM_URL: `http://127.0.0.1:${simPort}`,
      DATASOURCES_FILE: datasourcesFile,
      VM_URL: `http://127.0.0.1:${vmPort}`,
      HA_A_URL: `http://127.0.0.1:${haAPort}`,
      HA_B_URL: `http://127.0.0.1:${haBPort}`,
      HA_B_PID: String(haB.pid),
      DEMO_PASSWORD: demoPassword,
    },
  };
}

async function main() {
  mkdirSync(dirs.logDir, { recursive: true });
  ensurePackages(true);

  if (only.has("static")) {
    check("typecheck (tsc)", path.join(ROOT, "node_modules/.bin/tsc"), ["--noEmit"]);
    check("lint (eslint, import boundaries)", path.join(ROOT, "node_modules/.bin/eslint"), ["."]);
  }
  if (only.has("unit")) vitest("unit");
  if (!only.has("integration") && !only.has("e2e")) return;

  const { consolePort, env, outage, sso, spelling } = await stack();
  if (only.has("integration")) vitest("integration", { ...env, ...spelling.env });
  for (const x of spelling.stacks) await x.proc.stop().catch(() => undefined);
  if (!only.has("e2e")) return;

  // Its own build dir, so a running demo's .next is never touched. A fixed name: Next
  // adds <distDir>/types to tsconfig.json unless it is listed there already.
  const distDir = ".next-test";
  const nextBin = path.join(ROOT, "node_modules/next/dist/bin/next");
  // Standalone output: the consoles run Next's server.js as the Docker image does.
  if (!check("production build (next build, standalone as in the Dockerfile)", process.execPath, [nextBin, "build"], { NEXT_DIST_DIR: distDir, NEXT_OUTPUT: "standalone", NEXT_TELEMETRY_DISABLED: "1", NEXT_SKIP_TYPECHECK: "1" })) return;
  const consoleUrl = `http://127.0.0.1:${consolePort}`;
  const consoleEnv = { ...env, NEXT_DIST_DIR: distDir, NEXTAUTH_URL: consoleUrl, NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), DEMO_MODE: "1" };
  started.push(await startConsole({ port: consolePort, host: "127.0.0.1", env: { ...consoleEnv, ...sso }, standalone: distDir }, dirs));
  // A second console with a Prometheus, an Alertmanager and a PostgreSQL of its own, which
  // e2e/outage.spec.ts stops (its silence loop off: pending silences stay visible as such).
  const outagePort = (await freePort())!;
  const outageUrl = `http://127.0.0.1:${outagePort}`;
  started.push(
    await startConsole(
      {
        name: "console-outage",
        port: outagePort,
        host: "127.0.0.1",
        standalone: distDir,
        env: {
          ...consoleEnv,
          NEXTAUTH_URL: outageUrl,
          SILENCE_SYNC_INTERVAL_MS: "0",
          DATABASE_URL: outage.DATABASE_URL,
          PROMETHEUS_URL: outage.PROMETHEUS_URL,
          ALERTMANAGER_URL: outage.ALERTMANAGER_URL,
          ALERTMANAGER_CONFIG_FILE: outage.ALERTMANAGER_CONFIG_FILE,
        },
      },
      dirs,
    ),
  );
  banner("e2e tests (Playwright, Debian Chromium)");
  const report = path.join(RUN_DIR, "playwright.json");
  const code = run(path.join(ROOT, "node_modules/.bin/playwright"), ["test", "-c", "e2e/playwright.config.ts", ...FILTER], {
    ...env,
    ...sso,
    CONSOLE_URL: consoleUrl,
    OUTAGE_CONSOLE_URL: outageUrl,
    OUTAGE_PROMETHEUS_URL: outage.PROMETHEUS_URL,
    OUTAGE_ALERTMANAGER_URL: outage.ALERTMANAGER_URL,
    OUTAGE_PROMETHEUS_PID: outage.OUTAGE_PROMETHEUS_PID,
    OUTAGE_ALERTMANAGER_PID: outage.OUTAGE_ALERTMANAGER_PID,
    OUTAGE_PG_DATA_DIR: outage.OUTAGE_PG_DATA_DIR,
    RESTARTED_PIDS,
    PW_JSON_REPORT: report,
    // 1440×900 screenshots of every dashboard: the run's artifacts, kept when it passes too.
    SCREENSHOT_DIR: SCREENSHOTS,
  });
  add("e2e tests", playwrightCounts(report), code, playwrightFailures(report, "e2e"));
}

async function stopAll() {
  for (const proc of started.reverse()) await proc.stop().catch(() => undefined);
  if (existsSync(RESTARTED_PIDS)) {
    for (const pid of readFileSync(RESTARTED_PIDS, "utf8").split("\n").filter(Boolean).map(Number)) await stopGroup(pid).catch(() => undefined);
  }
  await postgres?.stop().catch(() => undefined);
  await outagePostgres?.stop().catch(() => undefined);
}

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    console.log(`\n${sig}: stopping what the tests started…`);
    void stopAll().then(() => process.exit(130));
  });
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  totals.failed++;
  failures.push({ where: "the test stack", name: "", why: (error as Error).message.split("\n")[0]! });
  console.error(`\n✗ ${(error as Error).message}\n  logs: ${path.relative(ROOT, dirs.logDir)}/`);
} finally {
  await stopAll();
}
if (totals.failed === 0) rmSync(RUN_DIR, { recursive: true, force: true });
else {
  exitCode = 1;
  console.log(`\nLogs and reports kept in ${path.relative(ROOT, RUN_DIR)}/`);
}
if (only.has("e2e")) console.log(`\nScreenshots of every dashboard at 1440×900: ${path.relative(ROOT, SCREENSHOTS)}/`);
if (failures.length) {
  console.log(`\nFailed:`);
  for (const f of failures) console.log(`  ✗ ${f.where}${f.name ? ` › ${f.name}` : ""}${f.why ? `\n      ${f.why}` : ""}`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(exitCode);
