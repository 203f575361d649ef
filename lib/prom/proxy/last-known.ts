import { STALE_WARNING, type StaleInfo } from "../stale";
import type { ProxyResult } from "./upstream";

/**
 * The last known answer of each panel query, for when the datasource cannot be reached:
 * an incident room still sees the fleet as it last was, stamped with its age, never as
 * live. Pure (no server-only): the handler keeps the store (an LruCache) and calls these.
 *
 * A dashboard asks the same query for a window that moves with the clock, so an answer is
 * known by what it asks (datasource, scope, query, step, the window's length), not by
 * which window: the newest answer of that identity is the last known one.
 */
export const LAST_KNOWN_ENDPOINTS = new Set(["query", "query_range"]);

export function lastKnownKey(datasource: string, scope: string[] | null, endpoint: string, params: URLSearchParams): string | null {
  if (!LAST_KNOWN_ENDPOINTS.has(endpoint)) return null;
  const p = new URLSearchParams(params);
  if (endpoint === "query_range") {
    p.set("span", String(Number(p.get("end")) - Number(p.get("start"))));
    p.delete("start");
    p.delete("end");
  } else {
    p.delete("time");
  }
  p.sort();
  return JSON.stringify([datasource, scope?.join(",") ?? "*", endpoint, p.toString()]);
}

/** Why the datasource could not be reached (connection refused, no answer in time, a gateway's non-Prometheus page), or null for any other answer. */
export function unreachableReason(result: ProxyResult): string | null {
  if (result.status !== 502 && result.status !== 503) return null;
  const body = result.body as { errorType?: string; error?: string } | null;
  if (!body || !["unavailable", "timeout", "bad_response"].includes(body.errorType ?? "")) return null;
  return body.error ?? `HTTP ${result.status}`;
}

/** The instant the data of an answer is for: its window's end or its evaluation time, else when it was fetched. */
export function dataTimeMs(params: URLSearchParams, fetchedAtMs: number): number {
  const t = Number(params.get("end") ?? params.get("time") ?? NaN);
  return Number.isFinite(t) ? Math.min(t * 1000, fetchedAtMs) : fetchedAtMs;
}

export type Stale = StaleInfo;

/** A last known answer, as served: Prometheus' JSON with a warning (API clients such as Grafana show warnings) that says it is not live and since when. */
export function staleResult(known: ProxyResult, stale: Stale): ProxyResult {
  const body = known.body as { warnings?: string[] } & Record<string, unknown>;
  const warning = `${STALE_WARNING}, as of ${new Date(stale.asOfMs).toISOString()} (${stale.reason})`;
  return { status: 200, body: { ...body, warnings: [...(body.warnings ?? []), warning] }, bytes: known.bytes };
}
