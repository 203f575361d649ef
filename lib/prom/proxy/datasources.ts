import "server-only";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { getEnv } from "@/lib/api/env";
import { promDurationSeconds } from "../recorded";

/**
 * The datasources the proxy may reach: `default` from PROMETHEUS_URL, plus those of
 * deploy/console/datasources.yml (or DATASOURCES_FILE). Secrets are named by the
 * environment variable that holds them, never written in the file.
 */
const AuthSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("bearer"), tokenEnv: z.string() }),
  z.object({ type: z.literal("basic"), username: z.string(), passwordEnv: z.string() }),
]);

const DatasourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    type: z.enum(["prometheus", "thanos", "victoriametrics", "mimir"]),
    url: z.string().url().optional(),
    auth: AuthSchema.optional(),
    headers: z.record(z.string(), z.string()).default({}),
    /** The scrape interval: no step below it. */
    scrapeIntervalSeconds: z.number().positive().default(15),
    /** Two or more replicas of one Prometheus, told apart by `replicaLabel`. */
    ha: z.object({ replicaLabel: z.string(), replicas: z.array(z.string().url()).min(2) }).optional(),
    /** Several clusters, each answering for its own `cluster` label value. */
    fanout: z.object({ label: z.string().default("cluster"), members: z.array(z.object({ cluster: z.string(), url: z.string().url() })).min(1) }).optional(),
    /**
     * Prometheus servers that each scrape a share of the same targets (hashmod sharding):
     * every query is planned over them (./shard-plan.ts), pushed down where it composes.
     */
    shards: z.array(z.string().url()).min(2).optional(),
    /**
     * Recent data from one datasource, what is older than its retention from another (a
     * long-term store receiving its remote write), both named by id (./tiers.ts).
     */
    tiers: z
      .object({
        recent: z.string(),
        longTerm: z.string(),
        retention: z.string().refine((d) => promDurationSeconds(d) !== null, { message: "a Prometheus duration, e.g. 15d" }),
      })
      .optional(),
    /** Thanos: dedup, partial_response and replicaLabels[] on every query. */
    thanos: z.object({ dedup: z.boolean().default(true), partialResponse: z.boolean().default(false), replicaLabels: z.array(z.string()).default([]) }).optional(),
  })
  .refine((d) => [d.url, d.ha, d.fanout, d.shards, d.tiers].filter(Boolean).length === 1, { message: "give exactly one of url, ha, fanout, shards or tiers" });

const FileSchema = z.object({ datasources: z.array(DatasourceSchema) });

export type Datasource = z.infer<typeof DatasourceSchema>;
export type PublicDatasource = Pick<Datasource, "id" | "name" | "type" | "scrapeIntervalSeconds"> & { kind: "single" | "ha" | "fanout" | "shards" | "tiered" };

let cached: { key: string; list: Datasource[] } | undefined;

export function loadDatasources(env = getEnv(), file = process.env.DATASOURCES_FILE ?? path.join(process.cwd(), "deploy/console/datasources.yml")): Datasource[] {
  const key = `${env.PROMETHEUS_URL}|${file}`;
  if (cached?.key === key) return cached.list;
  const list: Datasource[] = [];
  // A file named at run time: not for the bundler to trace (it would copy the whole project into the standalone output).
  if (existsSync(/*turbopackIgnore: true*/ file)) {
    const parsed = FileSchema.safeParse(YAML.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")));
    if (!parsed.success) {
      throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    list.push(...parsed.data.datasources);
  }
  if (!list.some((d) => d.id === "default")) {
    list.unshift(DatasourceSchema.parse({ id: "default", name: "Prometheus", type: "prometheus", url: env.PROMETHEUS_URL }));
  }
  for (const d of list) {
    for (const id of d.tiers ? [d.tiers.recent, d.tiers.longTerm] : []) {
      const tier = list.find((x) => x.id === id);
      if (!tier || tier.tiers) throw new Error(`${file}: datasource "${d.id}": tier "${id}" is not a datasource of its own`);
    }
  }
  cached = { key, list };
  return list;
}

export function findDatasource(id: string): Datasource | undefined {
  return loadDatasources().find((d) => d.id === id);
}

/** What GET /api/datasources shows: no URLs' credentials, no secrets. */
export function publicDatasources(): PublicDatasource[] {
  return loadDatasources().map((d) => ({
    id: d.id,
    name: d.name,
    type: d.type,
    scrapeIntervalSeconds: d.scrapeIntervalSeconds,
    kind: d.ha ? "ha" : d.fanout ? "fanout" : d.shards ? "shards" : d.tiers ? "tiered" : "single",
  }));
}

/** A tiered datasource's stores and the boundary between them (unix seconds): what is older comes from the long-term store. */
export function tiersOf(ds: Datasource, nowSeconds: number): { recent: Datasource; longTerm: Datasource; boundary: number } | null {
  if (!ds.tiers) return null;
  return { recent: findDatasource(ds.tiers.recent)!, longTerm: findDatasource(ds.tiers.longTerm)!, boundary: nowSeconds - promDurationSeconds(ds.tiers.retention)! };
}

/** Headers for one upstream call: auth from env, static headers (e.g. X-Scope-OrgID). */
export function upstreamHeaders(ds: Datasource): Record<string, string> {
  const headers: Record<string, string> = { ...ds.headers };
  if (ds.auth?.type === "bearer") headers.authorization = `Bearer ${process.env[ds.auth.tokenEnv] ?? ""}`;
  if (ds.auth?.type === "basic") {
    headers.authorization = `Basic ${Buffer.from(`${ds.auth.username}:${process.env[ds.auth.passwordEnv] ?? ""}`).toString("base64")}`;
  }
  return headers;
}
