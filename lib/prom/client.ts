import { z } from "zod";
import { PromError } from "./errors";
import type { Horizons } from "./recorded";
import { readStores, type Store } from "./stores";
import { readStale, type StaleInfo } from "./stale";
import { EnvelopeSchema, MatrixSchema, QueryDataSchema, VectorSchema, type Matrix, type QueryData, type Vector } from "./schemas";

/**
 * The one typed Prometheus client. The browser only ever talks to the console's proxy
 * (`/api/prom/{datasource}/api/v1/...`); it posts the parameters as a form like
 * Prometheus' own UI, unwraps the success/error union and throws PromError.
 */
export interface RangeQuery {
  datasource: string;
  expr: string;
  /** Unix seconds, already aligned to the step (see lib/prom/step.ts). */
  start: number;
  end: number;
  stepSeconds: number;
}

/** What a panel's inspect view shows about one request. */
export interface RequestMeta {
  /** The console's cache: hit, miss, shared (joined an identical in-flight request) or none. */
  cache: string;
  durationMs: number;
  /** Time spent in the console (proxy, cache, upstream), from its Server-Timing header. */
  serverMs: number | null;
  bytes: number;
  /** The answer's `warnings` (e.g. one replica of an HA pair did not answer): data, but not all of it. */
  warnings: string[];
  /** The datasource could not be reached and this is the console's last known answer: when it is from, and why. */
  stale: StaleInfo | null;
  /** A tiered datasource: which stores answered (x-console-stores). */
  stores?: Store[];
}

/** `console;dur=12.3` → 12.3 */
export function serverTimingMs(header: string | null, name = "console"): number | null {
  const m = header ? new RegExp(`(?:^|,)\\s*${name};dur=([\\d.]+)`).exec(header) : null;
  return m ? Number(m[1]) : null;
}

export interface RequestInit {
  signal?: AbortSignal;
  baseUrl?: string;
  onMeta?: (meta: RequestMeta) => void;
}

export async function promRequest<T extends z.ZodType>(
  datasource: string,
  endpoint: string,
  params: Record<string, string>,
  dataSchema: T,
  init: RequestInit = {},
): Promise<z.infer<T>> {
  const started = performance.now();
  const url = `${init.baseUrl ?? ""}/api/prom/${encodeURIComponent(datasource)}/api/v1/${endpoint}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(params),
      signal: init.signal,
      credentials: "same-origin",
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new PromError("unavailable", `Console unreachable: ${(error as Error).message}`, 0, datasource);
  }
  const text = await response.text().catch(() => "");
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const envelope = EnvelopeSchema.safeParse(body);
  const { stale, warnings } = readStale(response.headers.get("x-console-stale"), (envelope.success && envelope.data.warnings) || []);
  init.onMeta?.({
    cache: response.headers.get("x-console-cache") ?? "none",
    durationMs: performance.now() - started,
    serverMs: serverTimingMs(response.headers.get("server-timing")),
    bytes: text.length,
    warnings,
    stale,
    stores: readStores(response.headers.get("x-console-stores")),
  });
  if (!envelope.success) {
    throw new PromError("bad_response", `Unexpected answer (HTTP ${response.status})`, response.status, datasource);
  }
  if (envelope.data.status === "error") {
    throw new PromError(envelope.data.errorType, envelope.data.error, response.status, datasource);
  }
  const data = dataSchema.safeParse(envelope.data.data);
  if (!data.success) {
    throw new PromError("bad_response", `Unexpected result shape: ${data.error.message}`, response.status, datasource);
  }
  return data.data;
}

export function queryRange(q: RangeQuery, init?: RequestInit): Promise<Matrix> {
  return promRequest(
    q.datasource,
    "query_range",
    { query: q.expr, start: String(q.start), end: String(q.end), step: String(q.stepSeconds) },
    MatrixSchema,
    init,
  );
}

/** Values of one label, optionally only on the series a selector matches. */
export function labelValues(
  q: { datasource: string; label: string; match?: string },
  init?: RequestInit,
): Promise<string[]> {
  return promRequest(q.datasource, `label/${encodeURIComponent(q.label)}/values`, q.match ? { "match[]": q.match } : {}, z.array(z.string()), init);
}

/** An instant query at `time` (unix seconds). */
export function queryInstant(q: { datasource: string; expr: string; time: number }, init?: RequestInit): Promise<Vector> {
  return promRequest(q.datasource, "query", { query: q.expr, time: String(q.time) }, VectorSchema, init);
}

/** An instant query whatever it returns (Explore's table: a vector, a range vector selector, a scalar or a string). */
export function queryInstantAny(q: { datasource: string; expr: string; time: number }, init?: RequestInit): Promise<QueryData> {
  return promRequest(q.datasource, "query", { query: q.expr, time: String(q.time) }, QueryDataSchema, init);
}

/** Alerting rules with their annotation templates (summary, runbook_url). */
export const RulesSchema = z.object({
  groups: z.array(z.object({ rules: z.array(z.object({ type: z.string().optional(), name: z.string(), query: z.string().optional(), annotations: z.record(z.string(), z.string()).optional() })) })),
});

export function fetchAlertRules(datasource: string, init?: RequestInit): Promise<z.infer<typeof RulesSchema>> {
  return promRequest(datasource, "rules", { type: "alert" }, RulesSchema, init);
}

const HorizonsSchema = z.object({ horizons: z.record(z.string(), z.number().nullable()), starts: z.record(z.string(), z.number().nullable()) });

/**
 * When the recording rules among `names` begin on a datasource (ms; null: no samples yet),
 * and when the `raw` series begin, from /api/prom/{datasource}/horizons; names that are no
 * rule are left out of `horizons`.
 */
export async function fetchHorizons(datasource: string, names: readonly string[], raw: readonly string[], init: { signal?: AbortSignal } = {}): Promise<{ horizons: Horizons; starts: Horizons }> {
  const params = new URLSearchParams([...names.map((n) => ["series", n]), ...raw.map((n) => ["raw", n])]);
  const response = await fetch(`/api/prom/${encodeURIComponent(datasource)}/horizons?${params}`, { signal: init.signal, credentials: "same-origin" });
  if (!response.ok) throw new PromError("unavailable", `Recording rules' horizons: HTTP ${response.status}`, response.status, datasource);
  return HorizonsSchema.parse(await response.json());
}

/** The ids of the datasources the caller may query (/api/datasources). */
export async function datasourceIds(init: { signal?: AbortSignal } = {}): Promise<string[]> {
  const response = await fetch("/api/datasources", { signal: init.signal, credentials: "same-origin" });
  if (!response.ok) throw new PromError("unavailable", `Datasources: HTTP ${response.status}`, response.status, "");
  const body = z.object({ datasources: z.array(z.object({ id: z.string() })) }).parse(await response.json());
  return body.datasources.map((d) => d.id);
}
