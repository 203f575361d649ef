import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { LABEL_SPELLINGS, type LabelSpelling } from "../../lib/metrics/labels";
import { spellRules } from "../../lib/metrics/spell-promql";
import { parseDurationParam } from "../../lib/prom/proxy/params";
import { IDP_CLIENT, IDP_GROUP_MAP } from "./idp-accounts";
import { httpOk, portInUse, spawnService, waitUntil, type ManagedProcess } from "./process";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT = path.join(ROOT, "node_modules/next/dist/bin/next");

export interface ServiceDirs {
  dataDir: string;
  logDir: string;
}

export async function startSimulator(port: number, dirs: ServiceDirs, fleet = "demo"): Promise<ManagedProcess> {
  const args = [path.join(ROOT, "scripts/sim.ts"), "--port", String(port), "--fleet", fleet];
  const proc = spawnService("simulator", process.execPath, ["--import", "tsx", ...args], {
    logDir: dirs.logDir,
    cwd: ROOT,
  });
  await waitUntil("simulator", () => httpOk(`http://127.0.0.1:${port}/health`), 30_000);
  return proc;
}

export interface PrometheusConfigOptions {
  simPort: number;
  prometheusPort: number;
  alertmanagerPort: number;
  scrapeInterval?: string;
  evaluationInterval?: string;
  rulesDir?: string;
  /** Scrape only these jobs (an HA replica or a second backend needs only a few). */
  onlyJobs?: string[];
  /** An HA replica: a `replica` label on everything it scrapes, no rules, no alerting. */
  replica?: string;
  /** Prometheus' query log (every query it runs, as JSON lines): the benchmark reads what the console asked. */
  queryLogFile?: string;
  /** dcgm-exporter's label spelling to scrape (the simulator's `?labels=`); the team relabelling reads that spelling's namespace. */
  labelSpelling?: LabelSpelling;
  /** Evaluate the rules but send no alert (a second Prometheus of the same fleet would double them). */
  noAlerting?: boolean;
  /** One of `of` hashmod shards: scrapes only the targets whose address hashes to `index`; no rules, no alerting. */
  shard?: { index: number; of: number };
  /** Remote-writes everything it scrapes there (a long-term store, or the whole fleet's reference). */
  remoteWriteUrls?: string[];
  /** The console to scrape (its /api/metrics, with the API token in `tokenFile`); without it, no console job. */
  console?: { port: number; tokenFile: string };
}

/** deploy/prometheus/prometheus.yml with this stack's addresses (and intervals). */
export function renderPrometheusConfig(opts: PrometheusConfigOptions): string {
  const config = YAML.parse(readFileSync(path.join(ROOT, "deploy/prometheus/prometheus.yml"), "utf8"));
  if (opts.scrapeInterval) config.global.scrape_interval = opts.scrapeInterval;
  if (opts.evaluationInterval ?? opts.scrapeInterval) config.global.evaluation_interval = opts.evaluationInterval ?? opts.scrapeInterval;
  if (opts.queryLogFile) config.global.query_log_file = opts.queryLogFile;
  config.alerting.alertmanagers[0].static_configs[0].targets = [`127.0.0.1:${opts.alertmanagerPort}`];
  // The config is written elsewhere; rule files stay where deploy/ keeps them.
  config.rule_files = [path.join(opts.rulesDir ?? path.join(ROOT, "deploy/prometheus/rules"), "*.yml")];
  for (const job of config.scrape_configs) {
    for (const sd of job.http_sd_configs ?? []) {
      sd.url = String(sd.url).replace(/^http:\/\/[^/]+/, `http://127.0.0.1:${opts.simPort}`);
      if (opts.scrapeInterval) sd.refresh_interval = opts.scrapeInterval;
    }
    if (job.job_name === "prometheus") job.static_configs[0].targets = [`127.0.0.1:${opts.prometheusPort}`];
    if (job.job_name === "alertmanager") job.static_configs[0].targets = [`127.0.0.1:${opts.alertmanagerPort}`];
    if (job.job_name === "console" && opts.console) {
      job.static_configs[0].targets = [`127.0.0.1:${opts.console.port}`];
      job.authorization.credentials_file = opts.console.tokenFile;
    }
    if (opts.replica) job.relabel_configs = [{ target_label: "replica", replacement: opts.replica }];
    if (opts.labelSpelling && opts.labelSpelling !== "release" && (job.job_name === "dcgm" || job.job_name === "scheduler")) {
      const namespace = LABEL_SPELLINGS[opts.labelSpelling].namespace;
      job.params = { labels: [opts.labelSpelling] };
      if (job.job_name === "scheduler") continue;
      // A copy: YAML aliases share the node job's list.
      job.metric_relabel_configs = structuredClone(job.metric_relabel_configs).map((r: { source_labels?: string[] }) => ({
        ...r,
        source_labels: r.source_labels?.map((l) => (l === "namespace" ? namespace : l)),
      }));
    }
  }
  if (!opts.console) config.scrape_configs = config.scrape_configs.filter((j: { job_name: string }) => j.job_name !== "console");
  if (opts.onlyJobs) config.scrape_configs = config.scrape_configs.filter((j: { job_name: string }) => opts.onlyJobs!.includes(j.job_name));
  if (opts.replica) {
    delete config.rule_files;
    delete config.alerting;
  }
  if (opts.noAlerting) delete config.alerting;
  if (opts.shard) {
    // Prometheus' own hashmod sharding: each target to one shard. A real fleet hashes __address__; the
    // simulator serves every target from one address (on a free port), so its targets hash by instance.
    for (const job of config.scrape_configs) {
      job.relabel_configs = [
        { source_labels: ["instance"], modulus: opts.shard.of, target_label: "__tmp_shard", action: "hashmod" },
        { source_labels: ["__tmp_shard"], regex: String(opts.shard.index), action: "keep" },
        ...(job.relabel_configs ?? []),
      ];
    }
    delete config.rule_files;
    delete config.alerting;
    // Its external labels would mark what it remote-writes: the reference must hold the series as scraped.
    delete config.global.external_labels;
  }
  if (opts.remoteWriteUrls) config.remote_write = opts.remoteWriteUrls.map((url) => ({ url, queue_config: { batch_send_deadline: "1s", min_backoff: "100ms", max_backoff: "1s" } }));
  return YAML.stringify(config, { aliasDuplicateObjects: false });
}

const durationSeconds = (text: string) => parseDurationParam("duration", text);

/**
 * Copies deploy/prometheus/rules into `dir`, optionally with every `for` and group
 * interval capped: the test stack evaluates the real rules, just faster; for a fleet
 * spelled otherwise, with its label names (lib/metrics/spell-promql.ts).
 */
export function writeRules(dir: string, caps: { maxFor?: string; maxInterval?: string } = {}, spelling: LabelSpelling = "release"): string {
  mkdirSync(dir, { recursive: true });
  const source = path.join(ROOT, "deploy/prometheus/rules");
  for (const file of readdirSync(source).filter((f) => f.endsWith(".yml"))) {
    const doc = spellRules(YAML.parse(readFileSync(path.join(source, file), "utf8")) as { groups: { interval?: string; rules: { expr: string; for?: string }[] }[] }, spelling);
    for (const group of doc.groups) {
      if (caps.maxInterval && group.interval && durationSeconds(group.interval) > durationSeconds(caps.maxInterval)) group.interval = caps.maxInterval;
      for (const rule of group.rules) {
        if (caps.maxFor && rule.for && durationSeconds(rule.for) > durationSeconds(caps.maxFor)) rule.for = caps.maxFor;
      }
    }
    writeFileSync(path.join(dir, file), YAML.stringify(doc));
  }
  return dir;
}

export async function startPrometheus(
  opts: Omit<PrometheusConfigOptions, "prometheusPort"> & { port: number; retention?: string; name?: string },
  dirs: ServiceDirs,
): Promise<ManagedProcess> {
  const name = opts.name ?? "prometheus";
  const dir = path.join(dirs.dataDir, name);
  mkdirSync(path.join(dir, "data"), { recursive: true });
  const configFile = path.join(dir, "prometheus.yml");
  writeFileSync(configFile, renderPrometheusConfig({ ...opts, prometheusPort: opts.port }));
  // The console's token may come once its database is ready: until then its scrapes are refused, not an error at start.
  if (opts.console && !existsSync(opts.console.tokenFile)) writeFileSync(opts.console.tokenFile, "", { mode: 0o600 });
  const proc = spawnService(
    name,
    "prometheus",
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--storage.tsdb.retention.time=${opts.retention ?? "30d"}`,
      `--web.listen-address=127.0.0.1:${opts.port}`,
      "--web.enable-lifecycle",
      // Prometheus' own limits behind the console's (lib/prom/proxy/limits.ts): samples one query may hold, how long it may run.
      "--query.max-samples=50000000",
      "--query.timeout=1m",
    ],
    { logDir: dirs.logDir },
  );
  await waitUntil(name, () => httpOk(`http://127.0.0.1:${opts.port}/-/ready`), 60_000);
  return proc;
}

/** VictoriaMetrics (single node) scraping the simulator's GPU exporters, as a second backend. */
export async function startVictoriaMetrics(port: number, simPort: number, dirs: ServiceDirs, scrapeInterval = "1s"): Promise<ManagedProcess> {
  const dir = path.join(dirs.dataDir, "victoria-metrics");
  mkdirSync(dir, { recursive: true });
  // VictoriaMetrics wants a scrape file of its own, not a whole prometheus.yml.
  const prom = YAML.parse(renderPrometheusConfig({ simPort, prometheusPort: 0, alertmanagerPort: 0, scrapeInterval, onlyJobs: ["dcgm"] }));
  // Its http_sd has no refresh_interval (a flag sets it).
  for (const job of prom.scrape_configs) for (const sd of job.http_sd_configs ?? []) delete sd.refresh_interval;
  const scrapeFile = path.join(dir, "scrape.yml");
  writeFileSync(scrapeFile, YAML.stringify({ global: { scrape_interval: scrapeInterval }, scrape_configs: prom.scrape_configs }, { aliasDuplicateObjects: false }));
  const proc = spawnService(
    "victoria-metrics",
    "victoria-metrics",
    [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${path.join(dir, "data")}`,
      `-promscrape.config=${scrapeFile}`,
      "-search.latencyOffset=0s",
      `-promscrape.httpSDCheckInterval=${scrapeInterval}`,
      "-retentionPeriod=1",
    ],
    { logDir: dirs.logDir },
  );
  await waitUntil("victoria-metrics", () => httpOk(`http://127.0.0.1:${port}/health`), 60_000);
  return proc;
}

/**
 * The file the stack's Alertmanager reads: a copy of deploy/alertmanager/alertmanager.yml
 * made when there is none, so the console's routing can apply to it (and what an admin
 * applied in the demo survives a restart) while the repository's file stays as shipped.
 */
export function alertmanagerConfigFile(dirs: ServiceDirs, name = "alertmanager"): string {
  const file = path.join(dirs.dataDir, name, "alertmanager.yml");
  mkdirSync(path.dirname(file), { recursive: true });
  if (!existsSync(file)) copyFileSync(path.join(ROOT, "deploy/alertmanager/alertmanager.yml"), file);
  return file;
}

export async function startAlertmanager(port: number, dirs: ServiceDirs, name = "alertmanager"): Promise<ManagedProcess> {
  const dir = path.join(dirs.dataDir, name);
  const config = alertmanagerConfigFile(dirs, name);
  const proc = spawnService(
    name,
    "prometheus-alertmanager",
    [
      `--config.file=${config}`,
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

/** Redis (Debian's redis-server) on a port of its own, in memory only: the replicas' shared cache. */
export async function startRedis(port: number, dirs: ServiceDirs, name = "redis"): Promise<ManagedProcess> {
  const dir = path.join(dirs.dataDir, name);
  mkdirSync(dir, { recursive: true });
  const proc = spawnService(name, "redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"], {
    logDir: dirs.logDir,
  });
  await waitUntil(name, () => portInUse(port), 30_000);
  return proc;
}

/**
 * The console: `next start` on the last build, or — with `standalone` (the build dir of a
 * NEXT_OUTPUT=standalone build) — Next's standalone server.js, exactly as the Docker
 * image runs it (its static files copied next to it first, as the Dockerfile does).
 */
/**
 * Node's limit on a request's header (its URL included): 16 KB by default, so a GET of a
 * long query got Node's bare 431 before the console could answer. 128 KB lets every query
 * the console accepts (PROM_MAX_QUERY_BYTES, 32 KB, up to 3× that percent-encoded) reach
 * it, so a longer one is refused in Prometheus' error shape. The Dockerfile sets the same.
 */
export const MAX_HTTP_HEADER_FLAG = "--max-http-header-size=131072";

export async function startConsole(
  /** `standalone`: the build's dist directory under `root` (this checkout unless said: the bench also runs an older build). */
  opts: { port: number; host?: string; env: Record<string, string>; name?: string; standalone?: string; root?: string },
  dirs: ServiceDirs,
): Promise<ManagedProcess> {
  const name = opts.name ?? "console";
  let proc: ManagedProcess;
  if (opts.standalone) {
    const distDir = path.join(opts.root ?? ROOT, opts.standalone);
    const serverDir = path.join(distDir, "standalone");
    cpSync(path.join(distDir, "static"), path.join(serverDir, opts.standalone, "static"), { recursive: true });
    proc = spawnService(name, process.execPath, [MAX_HTTP_HEADER_FLAG, path.join(serverDir, "server.js")], {
      logDir: dirs.logDir,
      cwd: serverDir,
      // Idle keep-alive connections live 65 s, not Node's 5 s: a client reusing one just as the server closes it
      // gets ECONNRESET (seen in the e2e suite); behind a load balancer this outlives its idle timeout (60 s).
      env: { NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", PORT: String(opts.port), HOSTNAME: opts.host ?? "0.0.0.0", KEEP_ALIVE_TIMEOUT: "65000", ...opts.env },
    });
  } else {
    const host = opts.host ? ["-H", opts.host] : [];
    proc = spawnService(name, process.execPath, [MAX_HTTP_HEADER_FLAG, NEXT, "start", "-p", String(opts.port), ...host], {
      logDir: dirs.logDir,
      cwd: ROOT,
      env: { NEXT_TELEMETRY_DISABLED: "1", ...opts.env },
    });
  }
  await waitUntil("console", () => httpOk(`http://127.0.0.1:${opts.port}/api/health`), 90_000);
  return proc;
}

/**
 * The development OpenID Connect provider (scripts/idp.ts) for consoles at these
 * addresses, and the console's environment for signing in through it.
 */
export async function startIdp(port: number, consoleUrls: string[], dirs: ServiceDirs): Promise<{ proc: ManagedProcess; env: Record<string, string> }> {
  const redirects = consoleUrls.flatMap((url) => ["--redirect-uri", `${url}/api/auth/callback/oidc`]);
  const proc = spawnService("identity-provider", process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/idp.ts"), "--port", String(port), ...redirects], {
    logDir: dirs.logDir,
    cwd: ROOT,
  });
  const issuer = `http://127.0.0.1:${port}`;
  await waitUntil("identity provider", () => httpOk(`${issuer}/.well-known/openid-configuration`), 30_000);
  const env = {
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: IDP_CLIENT.id,
    OIDC_CLIENT_SECRET: IDP_CLIENT.secret,
    OIDC_NAME: "Dev SSO",
    OIDC_SCOPES: "openid email profile groups",
    OIDC_GROUP_MAP: IDP_GROUP_MAP,
  };
  return { proc, env };
}
