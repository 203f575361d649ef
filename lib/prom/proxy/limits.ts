import "server-only";
import { getEnv } from "@/lib/api/env";
import { costShape, estimateSamples } from "./cost";
import type { ParsedQuery } from "./query";
import type { Datasource } from "./datasources";
import { fetchFromDatasource } from "./fetch-datasource";
import { proxyMetrics } from "./metrics";

/**
 * The proxy's cost limits, so one query cannot take the store down (a subquery stepping
 * by a millisecond, a name regex over every series for a week): checked after a query is
 * validated and scoped, before it goes upstream; each refusal is Prometheus' error shape
 * saying which limit and its setting.
 *
 * - a floor on subquery steps (PROM_MIN_SUBQUERY_STEP_SECONDS) and query_range steps
 *   (PROM_MIN_STEP_SECONDS): 422;
 * - samples (series × points, lib/prom/proxy/cost.ts) at most PROM_MAX_QUERY_SAMPLES, the
 *   series counted with `count(<selector>)` (remembered two minutes): 422;
 * - upstream calls per caller at most PROM_CALLER_CONCURRENCY at once (the rest wait
 *   their turn, up to PROM_TIMEOUT_MS): 429.
 * Prometheus' own `--query.max-samples` and `--query.timeout` stay behind them.
 */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly limit?: string,
  ) {
    super(message);
  }
}

const COUNT_REMEMBER_MS = 120_000;
const holder = globalThis as unknown as { consoleSeriesCounts?: Map<string, { count: number; until: number }>; consoleCallerSlots?: Map<string, CallerSlots> };

const formatSeconds = (s: number) => (s >= 1 ? `${+s.toFixed(3)}s` : `${+(s * 1000).toFixed(3)}ms`);
const formatCount = (n: number) => (n >= 1e9 ? `${+(n / 1e9).toPrecision(3)} billion` : n >= 1e6 ? `${+(n / 1e6).toPrecision(3)} million` : n.toLocaleString("en-US"));

function refuse(limit: string, message: string): never {
  proxyMetrics().refusals.inc({ reason: limit });
  throw new Refusal(422, "execution", message, limit);
}

/** How many series a selector matches now, from the datasource (remembered a while); null when it cannot say. */
async function seriesCount(ds: Datasource, selector: string, time: string | null, signal?: AbortSignal): Promise<number | null> {
  holder.consoleSeriesCounts ??= new Map();
  const key = `${ds.id}\u0000${selector}`;
  const known = holder.consoleSeriesCounts.get(key);
  if (known && known.until > Date.now()) return known.count;
  const params = new URLSearchParams({ query: `count(${selector})` });
  if (time) params.set("time", time);
  const answer = await fetchFromDatasource(ds, "query", params, "POST", signal);
  const body = answer.body as { status?: string; data?: { result?: { value?: [number, string] }[] } };
  if (answer.status !== 200 || body.status !== "success") return null;
  const count = (body.data?.result ?? []).reduce((sum, r) => sum + Number(r.value?.[1] ?? 0), 0);
  if (holder.consoleSeriesCounts.size > 5_000) holder.consoleSeriesCounts.clear();
  holder.consoleSeriesCounts.set(key, { count, until: Date.now() + COUNT_REMEMBER_MS });
  return count;
}

/** Refuses a query (or query_range) that would cost more than the limits allow. */
export async function checkQueryCost(ds: Datasource, endpoint: string, params: URLSearchParams, query: ParsedQuery | null, signal?: AbortSignal): Promise<void> {
  if ((endpoint !== "query" && endpoint !== "query_range") || !query) return;
  const env = getEnv();
  const isRange = endpoint === "query_range";
  const start = Number(params.get("start"));
  const end = Number(params.get("end"));
  const step = Number(params.get("step"));
  if (isRange && step < env.PROM_MIN_STEP_SECONDS) {
    refuse("step", `query_range step ${formatSeconds(step)} is below the console's floor of ${formatSeconds(env.PROM_MIN_STEP_SECONDS)} (PROM_MIN_STEP_SECONDS)`);
  }
  const shape = costShape(query, { spanSeconds: isRange ? end - start : 0, stepSeconds: isRange ? step : 0, scrapeIntervalSeconds: ds.scrapeIntervalSeconds });
  for (const sq of shape.subqueries) {
    if (sq.stepSeconds < env.PROM_MIN_SUBQUERY_STEP_SECONDS) {
      refuse("subquery-step", `subquery ${sq.text} steps by ${formatSeconds(sq.stepSeconds)}, below the console's floor of ${formatSeconds(env.PROM_MIN_SUBQUERY_STEP_SECONDS)} (PROM_MIN_SUBQUERY_STEP_SECONDS)`);
    }
  }
  const max = env.PROM_MAX_QUERY_SAMPLES;
  const tooMany = (samples: number, worst: { selector: string; series: number; points: number } | null) =>
    refuse(
      "samples",
      `the query would load about ${formatCount(samples)} samples, more than the console's limit of ${formatCount(max)} (PROM_MAX_QUERY_SAMPLES)` +
        (worst ? `: ${worst.selector} matches ${formatCount(worst.series)} series × ${formatCount(worst.points)} points each` : "") +
        "; narrow the selector, shorten the range or widen the step",
    );
  // Even one series per selector is too many: no need to ask how many there are.
  const floor = estimateSamples(shape, () => 1);
  if (floor.samples > max) tooMany(floor.samples, floor.worst);
  const time = params.get(isRange ? "end" : "time");
  const distinct = [...new Set(shape.selectors.map((s) => s.selector))];
  const counts = new Map(await Promise.all(distinct.map(async (s) => [s, await seriesCount(ds, s, time, signal)] as const)));
  // A datasource that cannot count (down, or no count()) is asked the query itself: its own limits stand.
  if ([...counts.values()].some((c) => c === null)) return;
  const estimate = estimateSamples(shape, (s) => counts.get(s) ?? 0);
  if (estimate.samples > max) tooMany(estimate.samples, estimate.worst);
}

/** A caller's turns at the datasource: at most `limit` upstream calls at once, the rest queued. */
class CallerSlots {
  active = 0;
  readonly waiting: (() => void)[] = [];
}

export async function asCaller<T>(caller: string | undefined, task: () => Promise<T>): Promise<T> {
  if (!caller) return task();
  const env = getEnv();
  holder.consoleCallerSlots ??= new Map();
  let slots = holder.consoleCallerSlots.get(caller);
  if (!slots) holder.consoleCallerSlots.set(caller, (slots = new CallerSlots()));
  if (slots.active >= env.PROM_CALLER_CONCURRENCY) {
    const s = slots;
    const admitted = await new Promise<boolean>((resolve) => {
      const turn = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        s.waiting.splice(s.waiting.indexOf(turn), 1);
        resolve(false);
      }, env.PROM_TIMEOUT_MS);
      s.waiting.push(turn);
    });
    if (!admitted) {
      proxyMetrics().refusals.inc({ reason: "caller-concurrency" });
      throw new Refusal(429, "unavailable", `too many of your queries at once: ${env.PROM_CALLER_CONCURRENCY} run at a time (PROM_CALLER_CONCURRENCY) and this one waited ${formatSeconds(env.PROM_TIMEOUT_MS / 1000)} for its turn`, "caller-concurrency");
    }
    // Admitted: the finishing call handed its slot over (active unchanged).
  } else slots.active++;
  try {
    return await task();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else if (--slots.active === 0) holder.consoleCallerSlots.delete(caller);
  }
}
