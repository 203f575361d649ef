import "server-only";
import { getEnv } from "@/lib/api/env";
import { promErrorBody } from "../errors";
import { upstreamHeaders, type Datasource } from "./datasources";
import { mergeData, type Part } from "./merge";
import { proxyMetrics } from "./metrics";
import { callUpstream, Semaphore, type ProxyResult, type UpstreamTarget } from "./upstream";

const holder = globalThis as unknown as { consoleProxySemaphores?: Map<string, Semaphore> };

function semaphore(id: string): Semaphore {
  holder.consoleProxySemaphores ??= new Map();
  let s = holder.consoleProxySemaphores.get(id);
  if (!s) holder.consoleProxySemaphores.set(id, (s = new Semaphore(getEnv().PROM_MAX_CONCURRENCY)));
  return s;
}

type Envelope = { status: string; data?: unknown; warnings?: string[] };

/**
 * Asks a datasource: one server, every replica of an HA group (merged, gaps filled), or
 * every member of a fan-out (each labelled with its cluster). A replica or member that
 * fails becomes a `warnings` entry; only when all fail is the answer an error.
 */
export async function fetchFromDatasource(
  ds: Datasource,
  endpoint: string,
  params: URLSearchParams,
  method: "GET" | "POST",
  signal?: AbortSignal,
): Promise<ProxyResult> {
  const env = getEnv();
  const headers = upstreamHeaders(ds);
  const targets: (UpstreamTarget & { cluster?: string })[] = ds.ha
    ? ds.ha.replicas.map((url, i) => ({ label: `${ds.id}/replica-${i + 1}`, url, headers }))
    : ds.fanout
      ? ds.fanout.members.map((m) => ({ label: `${ds.id}/${m.cluster}`, url: m.url, headers, cluster: m.cluster }))
      : [{ label: ds.id, url: ds.url!, headers }];
  const opts = { method, timeoutMs: env.PROM_TIMEOUT_MS, maxBytes: env.PROM_MAX_RESPONSE_BYTES, signal };
  const results = await Promise.all(
    targets.map((t) =>
      semaphore(ds.id)
        .run(() => callUpstream(t, endpoint, params, opts))
        .then((r) => {
          proxyMetrics().upstreamCalls.inc({ datasource: ds.id, code: String(r.status) });
          return r;
        }),
    ),
  );
  if (targets.length === 1) return results[0]!;

  const ok: Part[] = [];
  const warnings: string[] = [];
  let bytes = 0;
  results.forEach((r, i) => {
    const body = r.body as Envelope;
    if ((r.status === 200 || r.status === 204) && body.status === "success") {
      ok.push({ data: body.data, cluster: targets[i]!.cluster });
      warnings.push(...(body.warnings ?? []));
      bytes += r.bytes ?? 0;
    } else {
      const error = (r.body as { error?: string }).error ?? `HTTP ${r.status}`;
      warnings.push(`${ds.ha ? "replica" : "member"} ${targets[i]!.label} failed: ${error}`);
    }
  });
  if (ok.length === 0) {
    const first = results.find((r) => r.status >= 400 && r.status < 500) ?? results[0]!;
    return first.status === 200 ? { status: 503, body: promErrorBody("unavailable", warnings.join("; ")) } : first;
  }
  const data = mergeData(endpoint, ok, { replicaLabel: ds.ha?.replicaLabel, clusterLabel: ds.fanout?.label });
  return { status: 200, body: { status: "success", data, ...(warnings.length ? { warnings } : {}) }, bytes };
}
