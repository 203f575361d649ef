import { z } from "zod";

/**
 * The console's configuration, read once from the environment and validated. Every
 * variable is documented in docs/configuration.md.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  PG_PORT: z.coerce.number().int().positive().default(54329),
  PROMETHEUS_URL: z.string().url().default("http://127.0.0.1:9090"),
  ALERTMANAGER_URL: z.string().url().default("http://127.0.0.1:9093"),
  /** Several Alertmanagers (an HA cluster), comma-separated: silences are kept in each; ALERTMANAGER_URL when unset. */
  ALERTMANAGER_URLS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").map((u) => u.trim().replace(/\/$/, "")).filter(Boolean) : undefined))
    .pipe(z.array(z.string().url()).min(1).optional()),
  /** The alertmanager.yml Alertmanager reads: the routing's apply writes it, then calls /-/reload on each Alertmanager. */
  ALERTMANAGER_CONFIG_FILE: z.string().startsWith("/").optional(),
  /** Seals receivers' secrets stored in Postgres (AES-256-GCM, key = SHA-256 of this); at least 32 characters. */
  ROUTING_SECRET_KEY: z.string().min(32).optional(),
  /** How often the silence reconciler compares Postgres with every Alertmanager (0: never on its own). */
  SILENCE_SYNC_INTERVAL_MS: z.coerce.number().int().nonnegative().default(30_000),
  /** How far ahead a maintenance window's silences are made (each pass of the silence loop makes the ones due). */
  MAINTENANCE_LOOKAHEAD_HOURS: z.coerce.number().positive().default(24),
  /** A silence covering more than this share of the firing alerts (and at least SILENCE_CONFIRM_MIN_ALERTS) needs an SRE's confirmation. */
  SILENCE_CONFIRM_SHARE: z.coerce.number().min(0).max(1).default(0.25),
  SILENCE_CONFIRM_MIN_ALERTS: z.coerce.number().int().positive().default(3),
  /** A silence longer than this needs an SRE's confirmation. */
  SILENCE_MAX_HOURS: z.coerce.number().positive().default(7 * 24),
  PROM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  PROM_MAX_QUERY_BYTES: z.coerce.number().int().positive().default(32 * 1024),
  PROM_MAX_RESPONSE_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  PROM_CACHE_BYTES: z.coerce.number().int().nonnegative().default(256 * 1024 * 1024),
  PROM_CACHE_FRESHNESS_MS: z.coerce.number().int().nonnegative().default(60_000),
  /** Memory for the last known answer of each panel query, served stamped when the datasource is unreachable (`0`: none). */
  PROM_LAST_KNOWN_BYTES: z.coerce.number().int().nonnegative().default(64 * 1024 * 1024),
  /** How old a last known answer may be and still be shown. */
  PROM_LAST_KNOWN_MAX_AGE_MS: z.coerce.number().int().positive().default(6 * 3_600_000),
  /** "false" turns off sharing identical in-flight calls (the benchmark's plain-proxy baseline). */
  PROM_SHARE_INFLIGHT: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  /** Redis shared by every replica: the results cache and the in-flight collapse across them (unset: each process its own, in memory). */
  REDIS_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url({ protocol: /^rediss?$/, error: "a redis:// URL (unset or empty: no shared cache)" }).optional()),
  PROM_MAX_CONCURRENCY: z.coerce.number().int().positive().default(16),
  /** The proxy's cost limits (lib/prom/proxy/limits.ts): samples a query may load (series × points), estimated before it goes upstream. */
  PROM_MAX_QUERY_SAMPLES: z.coerce.number().int().positive().default(30_000_000),
  /** The smallest subquery step and query_range step accepted, in seconds. */
  PROM_MIN_SUBQUERY_STEP_SECONDS: z.coerce.number().positive().default(1),
  PROM_MIN_STEP_SECONDS: z.coerce.number().positive().default(1),
  /** Upstream calls one caller may have in flight; more wait up to PROM_TIMEOUT_MS for a turn, then 429. */
  PROM_CALLER_CONCURRENCY: z.coerce.number().int().positive().default(8),
  /** The label team scoping matches on. */
  SCOPE_LABEL: z.string().min(1).default("team"),
  /** How the fleet's dcgm-exporter spells its labels (lib/metrics/labels.ts). */
  LABEL_SPELLING: z.enum(["release", "main", "old-namespace", "exported"]).default("release"),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  /** Trusted proxies in front of the console: the client's address is the X-Forwarded-For entry this many from the right (lib/auth/throttle.ts). */
  TRUST_PROXY_HOPS: z.coerce.number().int().nonnegative().default(0),
  DEMO_MODE: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
});

export type Env = z.infer<typeof EnvSchema>;

/** Every variable this schema reads (the deployment files are checked against it). */
export const ENV_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

let cached: Env | undefined;

export function getEnv(source: Record<string, string | undefined> = process.env): Env {
  if (source !== process.env) return parseEnv(source);
  cached ??= parseEnv(source);
  return cached;
}

function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment: ${fields.join("; ")}`);
  }
  return result.data;
}

/** The embedded default: the project's own PostgreSQL on PG_PORT (see scripts/stack). */
export function databaseUrl(env: Env = getEnv()): string {
  return env.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${env.PG_PORT}/fleet`;
}

/** Every Alertmanager silences are kept in (an HA cluster's members, or the one). */
export function alertmanagerUrls(env: Env = getEnv()): string[] {
  return env.ALERTMANAGER_URLS ?? [env.ALERTMANAGER_URL.replace(/\/$/, "")];
}
