/**
 * `npm run demo`: the whole stack with a demo fleet, then the sign-in lines.
 * Ctrl-C (or `npm run demo:down` from another shell) stops everything it started.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO_USERS } from "../prisma/seed";
import { prepareDatabase, writeScrapeToken } from "./stack/database";
import { backfillRecordingRules } from "./stack/backfill-rules";
import { backfillHistory, hasBlocks, type HistoryResult } from "./stack/history";
import { startEmbeddedPostgres, type RunningPostgres } from "./stack/postgres";
import { isSameProcess, portInUse, processIdentity, type ManagedProcess } from "./stack/process";
import { alertmanagerConfigFile, ROOT, startAlertmanager, startConsole, startIdp, startPrometheus, startSimulator } from "./stack/services";
import { demoHost, DEMO_STATE_FILE, readDemoState, type DemoState } from "./stack/state";
import { ensurePackages } from "./stack/system-packages";

const DATA = path.join(ROOT, ".data");
const dirs = { dataDir: DATA, logDir: path.join(DATA, "logs") };
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ports = {
  console: port("CONSOLE_PORT", 3000),
  prometheus: port("PROMETHEUS_PORT", 9090),
  alertmanager: port("ALERTMANAGER_PORT", 9093),
  sim: port("SIM_PORT", 9400),
  idp: port("IDP_PORT", 9096),
  pg: port("PG_PORT", 54329),
};
const demoPassword = process.env.DEMO_PASSWORD ?? "fleet-demo";
const FLEET = process.env.SIM_FLEET ?? "demo";
const startedAt = performance.now();
const started: ManagedProcess[] = [];
let postgres: RunningPostgres | undefined;
let stopping: Promise<never> | undefined;

function step(text: string) {
  console.log(`▸ ${text}`);
}

/** A secret kept in .data/<name> (made once), unless the environment gives one. */
function secret(name: "nextauth-secret" | "routing-secret-key", fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = path.join(DATA, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** Idempotent: a second signal (npm forwards one too) waits for the same shutdown. */
function stopAll(code: number): Promise<never> {
  stopping ??= shutdown(code);
  return stopping;
}

async function shutdown(code: number): Promise<never> {
  console.log("\nStopping the demo stack…");
  for (const proc of [...started].reverse()) await proc.stop();
  await postgres?.stop().catch(() => undefined);
  rmSync(DEMO_STATE_FILE, { force: true });
  console.log("Stopped.");
  process.exit(code);
}

async function main() {
  mkdirSync(dirs.logDir, { recursive: true });
  const existing = readDemoState();
  if (existing && isSameProcess(existing.pid, existing.identity)) {
    console.log(`The demo stack is already running (pid ${existing.pid}): ${existing.consoleUrl}`);
    console.log("Stop it with: npm run demo:down");
    return;
  }
  const usePg = !process.env.DATABASE_URL;
  const wanted = Object.entries(ports).filter(([name]) => name !== "pg" || usePg);
  for (const [name, p] of wanted) {
    if (await portInUse(p)) {
      throw new Error(`Port ${p} (${name}) is in use by something else. Free it or set ${name.toUpperCase()}_PORT.`);
    }
  }

  step("Checking system packages (prometheus, prometheus-alertmanager)");
  ensurePackages(false);

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    step(`Starting PostgreSQL (embedded) on ${ports.pg}, data in .data/pg`);
    postgres = await startEmbeddedPostgres({ dataDir: path.join(DATA, "pg"), port: ports.pg, persistent: true });
    databaseUrl = postgres.url;
  }
  step("Migrating and seeding the database (demo users, two maintenance windows)");
  const { applied } = await prepareDatabase(databaseUrl, { demo: true, demoPassword, demoMaintenance: true });
  if (applied.length) console.log(`  applied ${applied.join(", ")}`);
  // Prometheus scrapes the console too (the Console dashboard), with a token of its own.
  const scrapeToken = path.join(DATA, "console-token");
  await writeScrapeToken(databaseUrl, scrapeToken);

  step(`Starting the fleet simulator on ${ports.sim}`);
  started.push(await startSimulator(ports.sim, dirs, FLEET));
  step(`Starting Alertmanager on ${ports.alertmanager}`);
  started.push(await startAlertmanager(ports.alertmanager, dirs));
  const tsdb = path.join(DATA, "prometheus/data");
  const historyDays = Number(process.env.HISTORY_DAYS ?? 7);
  let history: HistoryResult | null = null;
  if (historyDays > 0 && !hasBlocks(tsdb)) {
    const stepMinutes = Number(process.env.HISTORY_STEP_MINUTES ?? 5);
    step(`Writing ${historyDays} days of history (every ${stepMinutes} min) and importing it with promtool`);
    history = await backfillHistory({ fleet: FLEET, days: historyDays, stepMinutes, tsdbDir: tsdb, workDir: path.join(DATA, "history") });
    console.log(`  ${(history.samples / 1e6).toFixed(1)}M samples: written in ${(history.writeMs / 1000).toFixed(1)} s, imported in ${(history.importMs / 1000).toFixed(1)} s`);
  }
  step(`Starting Prometheus on ${ports.prometheus} (scraping every 15 s)`);
  const promOptions = { port: ports.prometheus, simPort: ports.sim, alertmanagerPort: ports.alertmanager, console: { port: ports.console, tokenFile: scrapeToken } };
  let prometheus = await startPrometheus(promOptions, dirs);
  started.push(prometheus);
  /** Restarted, it loads the blocks moved into its data directory at once (waiting for its own look took minutes and once missed a pass). */
  const restartPrometheus = async () => {
    const at = started.indexOf(prometheus);
    await prometheus.stop();
    prometheus = await startPrometheus(promOptions, dirs);
    started[at] = prometheus;
  };
  // The recording rules over the same history, so a first start's weekly figures cover the
  // week (a rule otherwise begins when Prometheus does). Runs while the console builds.
  const rulesBackfilled = history
    ? backfillRecordingRules({
        promUrl: `http://127.0.0.1:${ports.prometheus}`,
        rulesDir: path.join(ROOT, "deploy/prometheus/rules"),
        tsdbDir: tsdb,
        workDir: path.join(DATA, "rules-backfill"),
        startMs: history.fromMs,
        endMs: Date.now(),
        reload: restartPrometheus,
      })
        .then(async (r) => {
          await restartPrometheus();
          return r;
        })
        .then((r) => `  recording rules: ${r.rules} backfilled over the history in ${r.passes} passes (${(r.ms / 1000).toFixed(0)} s)`)
        // Not fatal: a panel whose window a rule does not cover computes its figure from the raw series.
        .catch((error: Error) => `  ✗ recording rules not backfilled (${error.message.split("\n")[0]}): panels compute from the raw series where a rule is younger than their window`)
    : Promise.resolve(null);
  if (history) step("Backfilling the recording rules over the history (promtool tsdb create-blocks-from rules), while the console builds");

  const consoleUrl = `http://localhost:${ports.console}`;
  if (process.env.SKIP_BUILD !== "1") {
    step("Building the console (next build; log in .data/logs/build.log)");
    const log = openSync(path.join(dirs.logDir, "build.log"), "w");
    try {
      // Not synchronously: the recording rules' backfill goes on meanwhile.
      const build = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
        cwd: ROOT,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
        stdio: ["ignore", log, log],
      });
      const [code] = (await once(build, "exit")) as [number | null];
      if (code !== 0) throw new Error(`exit ${code}`);
    } catch {
      throw new Error("next build failed; see .data/logs/build.log");
    } finally {
      closeSync(log);
    }
  }
  const backfilled = await rulesBackfilled;
  if (backfilled) console.log(backfilled);
  step(`Starting the development identity provider (single sign-on) on ${ports.idp}`);
  const idp = await startIdp(ports.idp, [consoleUrl], dirs);
  started.push(idp.proc);
  step(`Starting the console on ${ports.console}`);
  started.push(
    await startConsole(
      {
        port: ports.console,
        // Loopback unless told otherwise (DEMO_HOST=0.0.0.0 to show it to the network): its demo passwords are in the README.
        host: demoHost(),
        env: {
          DATABASE_URL: databaseUrl,
          PROMETHEUS_URL: `http://127.0.0.1:${ports.prometheus}`,
          ALERTMANAGER_URL: `http://127.0.0.1:${ports.alertmanager}`,
          NEXTAUTH_URL: consoleUrl,
          NEXTAUTH_SECRET: secret("nextauth-secret", process.env.NEXTAUTH_SECRET),
          // Routing: the copy of alertmanager.yml the demo's Alertmanager reads (the console applies to it), and the key that seals receivers' secrets.
          ALERTMANAGER_CONFIG_FILE: alertmanagerConfigFile(dirs),
          ROUTING_SECRET_KEY: secret("routing-secret-key", process.env.ROUTING_SECRET_KEY),
          DEMO_MODE: "1",
          ...idp.env,
        },
      },
      dirs,
    ),
  );

  const state: DemoState = {
    pid: process.pid,
    identity: processIdentity(process.pid),
    consoleUrl,
    children: started.map((p) => ({ name: p.name, pid: p.pid, identity: processIdentity(p.pid) })),
    pgDataDir: postgres ? path.join(DATA, "pg") : null,
  };
  writeFileSync(DEMO_STATE_FILE, JSON.stringify(state, null, 2));

  console.log(`
GPU Fleet Console is ready: ${consoleUrl}   (stack up in ${((performance.now() - startedAt) / 1000).toFixed(0)} s)

Sign in with (password: ${demoPassword}):
${DEMO_USERS.map((u) => `  ${u.email.padEnd(22)} ${u.role}`).join("\n")}

Or "Sign in with Dev SSO" (the development identity provider on :${ports.idp}, any password):
  ada  sre (group fleet-sre)     lin  developer, lead of inference (groups ml-inference-leads, ml-research)

Prometheus   http://localhost:${ports.prometheus}
Alertmanager http://localhost:${ports.alertmanager}
Simulator    http://localhost:${ports.sim}/  (faults: npm run sim -- fault <name> --target <node>)
Logs         .data/logs/
Stop with Ctrl-C, or: npm run demo:down
`);
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => void stopAll(0));

main().catch(async (error: Error) => {
  console.error(`\n✗ ${error.message}`);
  await stopAll(1);
});
