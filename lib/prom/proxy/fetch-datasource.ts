import "server-only";
import { getEnv } from "@/lib/api/env";
import { promErrorBody } from "../errors";
import { tiersOf, upstreamHeaders, type Datasource } from "./datasources";
import { mergeData, type Part } from "./merge";
import { proxyMetrics } from "./metrics";
import { parseQuery } from "./query";
import { evaluateShards, queryGrid, shardLeaves, type Grid } from "./shard-eval";
import { ShardEvalError, type ShardData } from "./shard-values";
import { planShards, ShardPlanError, type Plan } from "./shard-plan";
import { join, type MatrixSeries } from "./split";
import { tierParts } from "./tiers";
import { callUpstream, Semaphore, type ProxyResult, type UpstreamTarget } from "./upstream";

const holder = globalThis as unknown as { consoleProxySemaphores?: Map<string, Semaphore> };

function semaphore(id: string): Semaphore {
  holder.consoleProxySemaphores ??= new Map();
  let s = holder.consoleProxySemaphores.get(id);
  if (!s) holder.consoleProxySemaphores.set(id, (s = new Semaphore(getEnv().PROM_MAX_CONCURRENCY)));
  return s;
}

type Envelope = { status: string; data?: unknown; warnings?: string[] };

/** The calls a datasource's answer is made of: one server, every HA replica, every fan-out member, every shard. */
function targetsOf(ds: Datasource): (UpstreamTarget & { cluster?: string })[] {
  const headers = upstreamHeaders(ds);
  if (ds.ha) return ds.ha.replicas.map((url, i) => ({ label: `${ds.id}/replica-${i + 1}`, url, headers }));
  if (ds.fanout) return ds.fanout.members.map((m) => ({ label: `${ds.id}/${m.cluster}`, url: m.url, headers, cluster: m.cluster }));
  if (ds.shards) return ds.shards.map((url, i) => ({ label: `${ds.id}/shard-${i + 1}`, url, headers }));
  return [{ label: ds.id, url: ds.url!, headers }];
}

function callAll(ds: Datasource, targets: UpstreamTarget[], endpoint: string, params: URLSearchParams, method: "GET" | "POST", signal?: AbortSignal): Promise<ProxyResult[]> {
  const env = getEnv();
  const opts = { method, timeoutMs: env.PROM_TIMEOUT_MS, maxBytes: env.PROM_MAX_RESPONSE_BYTES, signal };
  return Promise.all(
    targets.map((t) =>
      semaphore(ds.id)
        .run(async () => {
          const started = performance.now();
          const r = await callUpstream(t, endpoint, params, opts);
          proxyMetrics().upstreamDuration.observe({ datasource: ds.id }, (performance.now() - started) / 1000);
          return r;
        })
        .then((r) => {
          proxyMetrics().upstreamCalls.inc({ datasource: ds.id, code: String(r.status) });
          return r;
        }),
    ),
  );
}

const succeeded = (r: ProxyResult) => (r.status === 200 || r.status === 204) && (r.body as Envelope).status === "success";
const failure = (r: ProxyResult) => (r.body as { error?: string }).error ?? `HTTP ${r.status}`;

/** All failed: a refusal of the query (4xx) says so as upstream said it; otherwise unavailable, naming each. */
function allFailed(results: ProxyResult[], warnings: string[]): ProxyResult {
  const first = results.find((r) => r.status >= 400 && r.status < 500) ?? results[0]!;
  return first.status === 200 ? { status: 503, body: promErrorBody("unavailable", warnings.join("; ")) } : first;
}

/**
 * A query or query_range over shards: planned (./shard-plan.ts), each expression of the
 * plan asked of every shard at the same instant or on the same steps, the answers
 * combined by the console (./shard-eval.ts). A shard that cannot be reached is left out
 * with a warning (its share of the fleet missing, as Thanos' partial response); a query
 * a shard refuses is refused as it said; one that cannot be split exactly is 422, saying why.
 */
async function askShards(ds: Datasource, endpoint: "query" | "query_range", params: URLSearchParams, method: "GET" | "POST", signal?: AbortSignal): Promise<ProxyResult> {
  let plan: Plan;
  try {
    plan = planShards(parseQuery(params.get("query") ?? ""));
  } catch (error) {
    if (error instanceof ShardPlanError) return { status: 422, body: promErrorBody("execution", `datasource "${ds.id}" is sharded: ${error.message}`) };
    throw error;
  }
  const range = endpoint === "query_range";
  const grid = range
    ? queryGrid({ instant: false, startMs: Math.round(Number(params.get("start")) * 1000), endMs: Math.round(Number(params.get("end")) * 1000), stepMs: Math.round(Number(params.get("step")) * 1000) })
    : // The same instant on every shard.
      queryGrid({ instant: true, timeMs: params.get("time") ? Math.round(Number(params.get("time")) * 1000) : Date.now() });
  const targets = targetsOf(ds);
  const leaves = [...shardLeaves(plan, grid)];
  const results = await Promise.all(leaves.map(([, leaf]) => callAll(ds, targets, leaf.grid.instant ? "query" : "query_range", leafParams(params, leaf.expr, leaf.grid), method, signal)));
  const refused = results.flat().find((r) => r.status >= 400 && r.status < 500);
  if (refused) return refused;
  const warnings: string[] = [];
  const down = new Set<number>();
  results.forEach((perShard) =>
    perShard.forEach((r, i) => {
      if (succeeded(r)) warnings.push(...((r.body as Envelope).warnings ?? []));
      else if (!down.has(i)) {
        down.add(i);
        warnings.push(`shard ${targets[i]!.label} failed: ${failure(r)} (its share of the series is missing)`);
      }
    }),
  );
  if (down.size === targets.length) return allFailed(results.flat(), warnings);
  const answers = new Map(leaves.map(([key], e) => [key, results[e]!.filter((_, i) => !down.has(i)).map((r) => (r.body as { data: ShardData }).data)]));
  try {
    const evaluated = evaluateShards(plan, { grid, answers });
    warnings.push(...evaluated.warnings);
    const bytes = results.flat().reduce((n, r) => n + (r.bytes ?? 0), 0);
    return { status: 200, body: { status: "success", data: evaluated.data, ...(warnings.length ? { warnings } : {}) }, bytes };
  } catch (error) {
    if (error instanceof ShardEvalError) return { status: 422, body: promErrorBody("execution", error.message) };
    throw error;
  }
}

/** One leaf's parameters: the request's own (timeout, dedup…) with its expression and its grid. */
function leafParams(params: URLSearchParams, expr: string, grid: Grid): URLSearchParams {
  const out = new URLSearchParams([...params].filter(([k]) => !["query", "time", "start", "end", "step"].includes(k)));
  out.set("query", expr);
  if (grid.instant) out.set("time", String(grid.startMs / 1000));
  else {
    out.set("start", String(grid.startMs / 1000));
    out.set("end", String(grid.endMs / 1000));
    out.set("step", String(grid.stepMs / 1000));
  }
  return out;
}

/**
 * A tiered datasource: each part of the request (./tiers.ts) asked of its store, a range
 * split at the boundary joined again on its grid; warnings of both kept.
 */
async function askTiers(ds: Datasource, endpoint: string, params: URLSearchParams, method: "GET" | "POST", signal?: AbortSignal): Promise<ProxyResult> {
  const nowSeconds = Date.now() / 1000;
  const tiers = tiersOf(ds, nowSeconds)!;
  const parts = tierParts(endpoint, params, tiers.boundary, nowSeconds);
  const results = await Promise.all(parts.map((p) => fetchFromDatasource(p.tier === "recent" ? tiers.recent : tiers.longTerm, endpoint, p.params, method, signal)));
  if (results.length === 1) return results[0]!;
  const failed = results.find((r) => !succeeded(r));
  if (failed) return failed;
  const bodies = results.map((r) => r.body as Envelope & { data: { result: MatrixSeries[] } });
  const warnings = bodies.flatMap((b) => b.warnings ?? []);
  const data = { resultType: "matrix", result: join(...bodies.map((b) => b.data.result)) };
  return { status: 200, body: { status: "success", data, ...(warnings.length ? { warnings } : {}) }, bytes: results.reduce((n, r) => n + (r.bytes ?? 0), 0) };
}

/**
 * format_query and parse_query: what one server of the datasource says of a query's text
 * (every member would say the same; a tiered one asks its recent store). Where that
 * server has no such endpoint (Prometheus before 3 has no parse_query; VictoriaMetrics
 * neither), the answer is Prometheus' error shape saying so, not its 404 page.
 */
export async function askAboutText(ds: Datasource, endpoint: "format_query" | "parse_query", params: URLSearchParams, signal?: AbortSignal): Promise<ProxyResult> {
  const base = tiersOf(ds, Date.now() / 1000)?.recent ?? ds;
  const [first] = targetsOf(base);
  const [r] = await callAll(base, [first!], endpoint, params, "POST", signal);
  const answered = r!.upstreamStatus ?? r!.status;
  if (answered !== 404 && answered !== 405) return r!;
  return { status: 404, body: promErrorBody("not_found", `datasource "${ds.name}" does not serve /api/v1/${endpoint}: its server answered ${answered}`) };
}

/**
 * Asks a datasource: one server, every replica of an HA group (merged, gaps filled),
 * every member of a fan-out (each labelled with its cluster), or every shard (a query
 * planned over them; other endpoints joined). A replica, member or shard that fails
 * becomes a `warnings` entry; only when all fail is the answer an error.
 */
export async function fetchFromDatasource(
  ds: Datasource,
  endpoint: string,
  params: URLSearchParams,
  method: "GET" | "POST",
  signal?: AbortSignal,
): Promise<ProxyResult> {
  if (ds.shards && (endpoint === "query" || endpoint === "query_range")) return askShards(ds, endpoint, params, method, signal);
  if (ds.tiers) return askTiers(ds, endpoint, params, method, signal);
  const targets = targetsOf(ds);
  const results = await callAll(ds, targets, endpoint, params, method, signal);
  if (targets.length === 1) return results[0]!;

  const ok: Part[] = [];
  const warnings: string[] = [];
  let bytes = 0;
  const kind = ds.ha ? "replica" : ds.shards ? "shard" : "member";
  results.forEach((r, i) => {
    const body = r.body as Envelope;
    if (succeeded(r)) {
      ok.push({ data: body.data, cluster: targets[i]!.cluster });
      warnings.push(...(body.warnings ?? []));
      bytes += r.bytes ?? 0;
    } else {
      warnings.push(`${kind} ${targets[i]!.label} failed: ${failure(r)}`);
    }
  });
  if (ok.length === 0) return allFailed(results, warnings);
  const data = mergeData(endpoint, ok, { replicaLabel: ds.ha?.replicaLabel, clusterLabel: ds.fanout?.label });
  return { status: 200, body: { status: "success", data, ...(warnings.length ? { warnings } : {}) }, bytes };
}
