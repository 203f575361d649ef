/**
 * One console replica's panel refreshes, as a process of its own (the shared-cache
 * integration test starts two at once): the proxy the server runs (lib/prom/proxy), on
 * the datasource of PROMETHEUS_URL and the Redis of REDIS_URL (or none), asking the range
 * query of each of <panels> panels at once, <rounds> times. Prints one JSON line: how
 * each answer was served (hit, miss, shared).
 *
 *   refresh <panels> <rounds> <name>
 *   horizons <names…>    when each named series begins, as a dashboard's panels ask (lib/prom/horizon.ts)
 */
import { startsOf } from "@/lib/prom/horizon";
import { findDatasource } from "@/lib/prom/proxy/datasources";
import { proxyPromRequest } from "@/lib/prom/proxy/handler";

async function main() {
  const [mode, panels = "10", rounds = "1", name = "replica"] = process.argv.slice(2);
  if (mode === "horizons") {
    const starts = await startsOf(findDatasource("default")!, process.argv.slice(3));
    process.stdout.write(`${JSON.stringify({ starts })}\n`);
    process.exit(0);
  }
  if (mode !== "refresh") throw new Error("usage: proxy-replica refresh <panels> <rounds> <name> | horizons <names…>");
  // A window that ended long enough ago to be kept (lib/prom/proxy/cache.ts), the same for every replica.
  // Within one UTC day: a window across midnight is two day parts, two upstream queries (lib/prom/proxy/extents.ts).
  const lastHour = Math.floor(Date.now() / 3_600_000) * 3600 - 600;
  const end = Math.floor((lastHour - 3600) / 86400) === Math.floor(lastHour / 86400) ? lastHour : lastHour - 3600;
  const served: string[] = [];
  for (let r = 0; r < Number(rounds); r++) {
    const answers = await Promise.all(
      Array.from({ length: Number(panels) }, (_, i) =>
        proxyPromRequest({
          datasource: "default",
          path: ["query_range"],
          urlParams: new URLSearchParams({ query: `vector(${i})`, start: String(end - 3600), end: String(end), step: "60" }),
          bodyParams: new URLSearchParams(),
          scope: null,
          caller: `${name}:${i}`,
        }),
      ),
    );
    for (const a of answers) {
      if (a.status !== 200) throw new Error(`HTTP ${a.status}: ${JSON.stringify(a.body)}`);
      served.push(a.cache);
    }
  }
  process.stdout.write(`${JSON.stringify({ served })}\n`);
  process.exit(0);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
