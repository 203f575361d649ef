import "server-only";
import { Counter, Gauge, Histogram } from "prom-client";
import { consoleMetrics } from "@/lib/metrics/console";

/** The proxy's metrics, in the console's registry (lib/metrics/console.ts, served at /api/metrics). */
function build() {
  const { registry } = consoleMetrics();
  return {
    requests: new Counter({ name: "console_prom_requests_total", help: "Proxy requests by datasource, endpoint and status code.", labelNames: ["datasource", "endpoint", "code"], registers: [registry] }),
    duration: new Histogram({
      name: "console_prom_request_duration_seconds",
      help: "Proxy request duration.",
      labelNames: ["datasource", "endpoint", "cache"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    cacheRequests: new Counter({ name: "console_prom_cache_requests_total", help: "Cache lookups by result (hit, miss; stale: the last known answer, served while the datasource is unreachable).", labelNames: ["result"], registers: [registry] }),
    cacheBytes: new Gauge({ name: "console_prom_cache_bytes", help: "Bytes held by the result cache.", registers: [registry] }),
    upstreamDuration: new Histogram({
      name: "console_prom_upstream_duration_seconds",
      help: "Calls to upstream datasources: how long each took, by datasource.",
      labelNames: ["datasource"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    upstreamCalls: new Counter({ name: "console_prom_upstream_calls_total", help: "Calls to upstream datasources by status code.", labelNames: ["datasource", "code"], registers: [registry] }),
    refusals: new Counter({ name: "console_prom_refusals_total", help: "Queries the proxy refused by its cost limits, by reason (step, subquery-step, samples, caller-concurrency).", labelNames: ["reason"], registers: [registry] }),
    sharedCalls: new Counter({ name: "console_prom_inflight_shared_total", help: "Requests answered by joining an identical call already in flight.", registers: [registry] }),
  };
}

/** Every result a lookup can have, at 0 from the start: a series born at 1 would never show its first rise to rate(). */
function zeroed(m: ReturnType<typeof build>): ReturnType<typeof build> {
  for (const result of ["hit", "miss", "stale"]) m.cacheRequests.inc({ result }, 0);
  return m;
}

const holder = globalThis as unknown as { consoleProxyMetrics?: ReturnType<typeof build> };

export function proxyMetrics(): ReturnType<typeof build> {
  holder.consoleProxyMetrics ??= zeroed(build());
  return holder.consoleProxyMetrics;
}
