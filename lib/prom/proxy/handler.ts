import "server-only";
import { getEnv } from "@/lib/api/env";
import { promErrorBody } from "../errors";
import { cacheTtlMs, LruCache } from "./cache";
import { findDatasource, tiersOf, type Datasource } from "./datasources";
import { enforceScope, scopeMatcher } from "./enforce";
import { answerByDays } from "./extents";
import { askAboutText, fetchFromDatasource } from "./fetch-datasource";
import { asCaller, checkQueryCost, Refusal } from "./limits";
import { dataTimeMs, lastKnownKey, staleResult, unreachableReason, type Stale } from "./last-known";
import { proxyMetrics } from "./metrics";
import { resultStore } from "./results";
import { ParamError, parseTimeParam, rangeParams, type RangeParams } from "./params";
import { filterAlerts, filterMetadata, filterRules } from "./scope-filter";
import type { ProxyResult } from "./upstream";
import { parseQuery, type ParsedQuery } from "./query";
import type { Store } from "../stores";
import { tierParts } from "./tiers";
import { findParseFault } from "./validate";

/** Every endpoint served, how it goes upstream, and which parameters hold PromQL. */
const ENDPOINTS: Record<string, { method: "GET" | "POST"; expr?: "query"; match?: boolean; range?: boolean; required?: string[]; text?: boolean }> = {
  query: { method: "POST", expr: "query", required: ["query"] },
  query_range: { method: "POST", expr: "query", range: true, required: ["query", "start", "end"] },
  query_exemplars: { method: "POST", expr: "query", required: ["query", "start", "end"] },
  series: { method: "POST", match: true, required: ["match[]"] },
  labels: { method: "POST", match: true },
  "label/:name/values": { method: "GET", match: true },
  metadata: { method: "GET" },
  rules: { method: "GET" },
  alerts: { method: "GET" },
  "status/buildinfo": { method: "GET" },
  // What the server says of a query's text (Grafana's "Format query", Prometheus 3's tree view): it reads no series,
  // so the text goes as written, unscoped (a team label added would be formatted back to its writer).
  format_query: { method: "POST", expr: "query", required: ["query"], text: true },
  parse_query: { method: "POST", expr: "query", required: ["query"], text: true },
};

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface ProxyRequest {
  datasource: string;
  /** The path after /api/v1/, e.g. ["query_range"]. */
  path: string[];
  urlParams: URLSearchParams;
  /** Form body of a POST, empty for GET. */
  bodyParams: URLSearchParams;
  /** Team label values the caller is limited to; null when unscoped. */
  scope: string[] | null;
  /** A query_range whose start, end and step the caller resolved already (the heatmap service): used as given, not serialised and parsed again. */
  range?: RangeParams;
  /** Who asks ("session:<id>", "token:<id>"): their upstream calls at once are limited (PROM_CALLER_CONCURRENCY). */
  caller?: string;
  signal?: AbortSignal;
}

export interface ProxyAnswer extends ProxyResult {
  /** "stale": the datasource could not be reached; this is the last known answer (see `stale`). */
  cache: "hit" | "miss" | "shared" | "none" | "stale";
  endpoint: string;
  stale?: Stale;
  /** A tiered datasource: which of its stores answered (the recent one, the long-term one, or both). */
  stores?: Store[];
}

/** Which stores of a tiered datasource answer a request (the same split its fetch makes). */
function storesOf(ds: Datasource, endpoint: string, params: URLSearchParams): ProxyAnswer["stores"] {
  const nowSeconds = Date.now() / 1000;
  const tiers = tiersOf(ds, nowSeconds);
  if (!tiers) return undefined;
  return tierParts(endpoint, params, tiers.boundary, nowSeconds).map((p) => ({ tier: p.tier, name: (p.tier === "recent" ? tiers.recent : tiers.longTerm).name }));
}

/** A day's extent of a range query: everything that shapes its answer but the window (datasource, scope, query, step, other parameters), and the day. */
function dayKey(ds: string, scope: string[] | null, params: URLSearchParams, day: number, phase: string): string {
  const rest = new URLSearchParams(params);
  rest.delete("start");
  rest.delete("end");
  return JSON.stringify([ds, scope?.join(",") ?? "*", "query_range/day", rest.toString(), day, phase]);
}

/** The answer around a result, keeping its raw bytes and its lazily parsed body. */
function answerOf(result: ProxyResult, cache: ProxyAnswer["cache"], endpoint: string, extra: { stale?: Stale; stores?: ProxyAnswer["stores"] } = {}): ProxyAnswer {
  const answer = { status: result.status, raw: result.raw, bytes: result.bytes, cache, endpoint, ...(extra.stale ? { stale: extra.stale } : {}), ...(extra.stores ? { stores: extra.stores } : {}) } as ProxyAnswer;
  return Object.defineProperty(answer, "body", { enumerable: true, get: () => result.body });
}


type Known = { result: ProxyResult; asOfMs: number };
const holder = globalThis as unknown as { consoleLastKnown?: LruCache<Known> };
/** The last known answers (./last-known.ts); they share the cache's objects, so an answer in both is held once. */
function lastKnown() {
  holder.consoleLastKnown ??= new LruCache<Known>(getEnv().PROM_LAST_KNOWN_BYTES);
  return holder.consoleLastKnown;
}

/** Merges URL and body parameters; a parameter given in both is ambiguous. */
export function mergeParams(url: URLSearchParams, body: URLSearchParams): URLSearchParams | string {
  for (const key of new Set(body.keys())) {
    if (url.has(key)) return key;
  }
  const merged = new URLSearchParams(url);
  for (const [k, v] of body) merged.append(k, v);
  return merged;
}

function endpointKey(path: string[]): { key: string; endpoint: string } | null {
  if (path.length === 3 && path[0] === "label" && path[2] === "values") {
    if (!LABEL_NAME.test(path[1]!)) throw new Refusal(400, "bad_data", `invalid label name: "${path[1]}"`);
    return { key: "label/:name/values", endpoint: `label/${path[1]}/values` };
  }
  const endpoint = path.join("/");
  return ENDPOINTS[endpoint] ? { key: endpoint, endpoint } : null;
}

/** What goes upstream: the parameters, and the query expression parsed (the one the limits price), if the endpoint takes one. */
interface Prepared {
  params: URLSearchParams;
  query: ParsedQuery | null;
}

/** Validates and scopes the parameters, parsing each expression once on the way in (exported for its test). */
export function prepare(spec: (typeof ENDPOINTS)[string], endpoint: string, params: URLSearchParams, scope: string[] | null, ds: Datasource, resolved?: RangeParams): Prepared {
  const env = getEnv();
  const range = spec.range ? resolved : undefined;
  for (const name of spec.required ?? []) {
    if (!params.get(name) && !(range && name in range)) throw new Refusal(400, "bad_data", `missing parameter "${name}"`);
  }
  const out = new URLSearchParams(params);
  const bounded = (expr: string, name: string) => {
    if (expr.length > env.PROM_MAX_QUERY_BYTES) throw new Refusal(400, "bad_data", `invalid parameter "${name}": the query is longer than ${env.PROM_MAX_QUERY_BYTES} bytes`);
    return expr;
  };
  const scoped = (expr: string, name: string): ParsedQuery => {
    const query = parseQuery(bounded(expr, name));
    const fault = findParseFault(query);
    if (fault) throw new Refusal(400, "bad_data", `invalid parameter "${name}": ${fault.message}`);
    if (!scope) return query;
    const result = enforceScope(query, { label: env.SCOPE_LABEL, values: scope });
    if (!result.ok) throw new Refusal(result.status, result.status === 403 ? "forbidden" : "bad_data", result.message);
    return result.query;
  };
  let query: ParsedQuery | null = null;
  if (spec.expr) {
    const values = params.getAll(spec.expr);
    if (values.length > 1) throw new Refusal(400, "bad_data", `parameter "${spec.expr}" is given more than once`);
    if (spec.text) {
      bounded(values[0] ?? "", spec.expr);
      return { params: out, query: null };
    }
    query = scoped(values[0] ?? "", spec.expr);
    out.set(spec.expr, query.expr);
  }
  if (spec.match) {
    const matches = params.getAll("match[]").map((m) => scoped(m, "match[]").expr);
    if (scope && matches.length === 0) matches.push(`{${scopeMatcher({ label: env.SCOPE_LABEL, values: scope })}}`);
    out.delete("match[]");
    for (const m of matches) out.append("match[]", m);
  }
  try {
    if (spec.range) {
      const r = range ?? rangeParams(params, ds.scrapeIntervalSeconds);
      out.delete("maxDataPoints");
      out.set("start", String(r.start));
      out.set("end", String(r.end));
      out.set("step", String(r.step));
    }
    if (!range) for (const name of ["time", "start", "end"]) if (out.get(name)) parseTimeParam(name, out.get(name)!);
  } catch (error) {
    if (error instanceof ParamError) throw new Refusal(400, "bad_data", error.message);
    throw error;
  }
  if (ds.type === "thanos" && ds.thanos && (endpoint.startsWith("query") || endpoint === "series" || endpoint === "labels" || endpoint.startsWith("label/"))) {
    out.set("dedup", String(ds.thanos.dedup));
    out.set("partial_response", String(ds.thanos.partialResponse));
    for (const l of ds.thanos.replicaLabels) out.append("replicaLabels[]", l);
  }
  return { params: out, query };
}

async function scopeAfter(endpoint: string, result: ProxyResult, scope: string[], ds: Datasource, signal?: AbortSignal): Promise<ProxyResult> {
  const body = result.body as { status: string; data: unknown };
  if (result.status !== 200 || body.status !== "success") return result;
  const label = getEnv().SCOPE_LABEL;
  if (endpoint === "alerts") return { status: result.status, body: { ...body, data: filterAlerts(body.data as never, label, scope) } };
  if (endpoint === "rules") return { status: result.status, body: { ...body, data: filterRules(body.data as never, label, scope) } };
  if (endpoint === "metadata") {
    const names = new URLSearchParams({ "match[]": `{${scopeMatcher({ label, values: scope })}}` });
    const allowed = await fetchFromDatasource(ds, "label/__name__/values", names, "GET", signal);
    const list = (allowed.body as { data?: string[] }).data;
    if (allowed.status !== 200 || !Array.isArray(list)) return allowed;
    return { status: result.status, body: { ...body, data: filterMetadata(body.data as Record<string, unknown>, new Set(list)) } };
  }
  return result;
}

/**
 * One proxied request, as one pipeline: validate and scope (prepare: each expression
 * parsed once, on arrival) → cache → shared in-flight call → limit (what goes upstream
 * is priced from the parse prepare made) → upstream → scope the answer → last known.
 */
export async function proxyPromRequest(req: ProxyRequest): Promise<ProxyAnswer> {
  const env = getEnv();
  let endpoint = req.path.join("/");
  try {
    const found = endpointKey(req.path);
    if (!found) throw new Refusal(404, "not_found", `unknown API endpoint "/api/v1/${endpoint}"`);
    endpoint = found.endpoint;
    const spec = ENDPOINTS[found.key]!;
    const ds = findDatasource(req.datasource);
    if (!ds) throw new Refusal(404, "not_found", `unknown datasource "${req.datasource}"`);
    const merged = mergeParams(req.urlParams, req.bodyParams);
    if (typeof merged === "string") throw new Refusal(400, "bad_data", `parameter "${merged}" is given both in the URL and in the body`);
    const { params, query } = prepare(spec, endpoint, merged, req.scope, ds, req.range);
    params.sort();
    const stores = storesOf(ds, endpoint, params);
    const key = JSON.stringify([ds.id, req.scope?.join(",") ?? "*", endpoint, params.toString()]);
    const store = await resultStore();
    const hit = await store.get(key);
    proxyMetrics().cacheRequests.inc({ result: hit ? "hit" : "miss" });
    if (hit) return answerOf(hit, "hit", endpoint, { stores });
    const call = () =>
      asCaller(req.caller, async () => {
        await checkQueryCost(ds, endpoint, params, query, req.signal);
        // A range over days: each day from what is kept of it, upstream asked only for what is not (./extents.ts).
        const byDays =
          endpoint === "query_range" && query && env.PROM_CACHE_BYTES > 0
            ? await answerByDays({ ds, params, query, store, keyOf: (day, phase) => dayKey(ds.id, req.scope, params, day, phase), freshnessMs: env.PROM_CACHE_FRESHNESS_MS, nowMs: Date.now(), signal: req.signal })
            : null;
        const upstream = spec.text
          ? await askAboutText(ds, endpoint as "format_query" | "parse_query", params, req.signal)
          : (byDays ?? (await fetchFromDatasource(ds, endpoint, params, spec.method, req.signal)));
        return req.scope ? scopeAfter(endpoint, upstream, req.scope, ds, req.signal) : upstream;
      });
    const ttlOf = (r: ProxyResult) => {
      if (r.status !== 200 || env.PROM_CACHE_BYTES === 0) return null;
      const end = params.get("end") ?? params.get("time");
      const step = params.get("step");
      return cacheTtlMs(endpoint, end ? Number(end) : null, Date.now(), env.PROM_CACHE_FRESHNESS_MS, step ? Number(step) : undefined);
    };
    const { result, joined } = await store.collapse(key, call, ttlOf);
    if (joined) proxyMetrics().sharedCalls.inc();
    const knownKey = env.PROM_LAST_KNOWN_BYTES > 0 ? lastKnownKey(ds.id, req.scope, endpoint, params) : null;
    // Upstream's raw bytes passed its success check already: reading `body` would parse every answer on the hot path.
    const succeeded = result.status === 200 && (result.raw !== undefined || (result.body as { status?: string }).status === "success");
    if (knownKey && succeeded) {
      const known = lastKnown().get(knownKey);
      const asOfMs = dataTimeMs(params, Date.now());
      // Only a newer answer replaces the one kept (a panel scrolled back to an older window does not).
      if (!known || known.asOfMs <= asOfMs) lastKnown().set(knownKey, { result, asOfMs }, result.bytes ?? JSON.stringify(result.body).length, env.PROM_LAST_KNOWN_MAX_AGE_MS);
    }
    const unreachable = knownKey ? unreachableReason(result) : null;
    if (unreachable) {
      const known = lastKnown().get(knownKey!);
      if (known) {
        const stale = { asOfMs: known.asOfMs, reason: unreachable };
        proxyMetrics().cacheRequests.inc({ result: "stale" });
        return answerOf(staleResult(known.result, stale), "stale", endpoint, { stale, stores });
      }
    }
    return answerOf(result, joined ? "shared" : "miss", endpoint, { stores });
  } catch (error) {
    if (error instanceof Refusal) return answerOf({ status: error.status, body: promErrorBody(error.errorType, error.message) }, "none", endpoint);
    throw error;
  }
}
