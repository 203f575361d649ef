import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import type { Horizons } from "./recorded";
import { getEnv } from "@/lib/api/env";
import { findDatasource, type Datasource } from "./proxy/datasources";
import { scopeMatcher } from "./proxy/enforce";
import { fetchFromDatasource } from "./proxy/fetch-datasource";
import { resultStore } from "./proxy/results";
import { VectorSchema } from "./schemas";

/**
 * When each recording rule's series begins (and, for long windows, a raw series), asked of
 * the datasource once per name and cached in the process (lib/prom/recorded.ts decides what a panel runs with it). Which
 * names are rules comes from the datasource's rules API; a datasource without one
 * (VictoriaMetrics without vmalert) has no known rules, and its panels run as written.
 * A rule's start is a timestamp of the deployment, never a value of anyone's series; a raw
 * series' start is asked within the caller's teams. With REDIS_URL the replicas share each
 * lookup (the results store's collapse): N replicas ask a start once between them, not N
 * times (three instant queries over every GPU's series each, at fleet scale).
 */

const RULES_TTL_MS = 5 * 60_000;
/** A rule's start only moves with retention: asked again every 10 min (a backfill loaded since shows then). */
const FOUND_TTL_MS = 10 * 60_000;
/** A rule with no samples yet starts any moment: asked again after a minute. */
const NONE_TTL_MS = 60_000;
/** How far back a start is looked for: beyond it, a rule counts as there since then. */
const SEARCH_DAYS = 35;

const RulesSchema = z.object({
  groups: z.array(z.object({ rules: z.array(z.object({ name: z.string(), type: z.string() })) })),
});

const cache = globalThis as typeof globalThis & {
  __ruleNames?: Map<string, { names: Set<string>; at: number }>;
  __horizons?: Map<string, { since: Promise<number | null>; at: number; done?: number | null }>;
};

async function instant(ds: Datasource, query: string, timeSeconds: number): Promise<number | null> {
  const params = new URLSearchParams({ query, time: String(timeSeconds) });
  const r = await fetchFromDatasource(ds, "query", params, "POST");
  const body = r.body as { status?: string; data?: unknown; error?: string };
  if (r.status !== 200 || body.status !== "success") throw new Error(`${ds.id}: ${body.error ?? `HTTP ${r.status}`}`);
  const vector = VectorSchema.parse(body.data);
  const value = vector.result[0] ? Number(vector.result[0].value[1]) : NaN;
  return Number.isFinite(value) ? value : null;
}

/** The recording rules the datasource evaluates (its rules API, cached 5 min); none when it has no rules API. */
export async function recordingRuleNames(ds: Datasource): Promise<Set<string>> {
  cache.__ruleNames ??= new Map();
  const hit = cache.__ruleNames.get(ds.id);
  if (hit && Date.now() - hit.at < RULES_TTL_MS) return hit.names;
  const r = await fetchFromDatasource(ds, "rules", new URLSearchParams({ type: "record" }), "GET");
  const body = r.body as { status?: string; data?: unknown };
  const parsed = r.status === 200 && body.status === "success" ? RulesSchema.safeParse(body.data) : null;
  const names = new Set(parsed?.success ? parsed.data.groups.flatMap((g) => g.rules.filter((x) => x.type === "recording").map((x) => x.name)) : []);
  cache.__ruleNames.set(ds.id, { names, at: Date.now() });
  return names;
}

/**
 * The first sample of a series, to `fineStep`: the first day of the last 35 at which any
 * of its series had a sample, then the first hour of the day before it, then the first
 * `fineStep` of the hour before that (each search starts a step early: a step's sample
 * may be up to a step old). Instant queries over one aggregate series each, evaluated at
 * 35 + 25 + (1 h ÷ fineStep) steps: over 8,192 GPUs' raw series an hourly search over 35
 * days (840 steps) took Prometheus 55 s (bench/results/console.md's profile). Null when
 * the series has no samples.
 */
export async function seriesStart(ds: Datasource, name: string, nowSeconds = Date.now() / 1000, fineStep = "15s"): Promise<number | null> {
  const count = `timestamp(count(${name}))`;
  const day = await instant(ds, `min_over_time(${count}[${SEARCH_DAYS}d:1d])`, nowSeconds);
  // None at any whole day (or hour): younger than the last one, or none at all; the next search ends now.
  const hour = await instant(ds, `min_over_time(${count}[25h:1h])`, day ?? nowSeconds);
  const first = await instant(ds, `min_over_time(${count}[1h:${fineStep}])`, hour ?? day ?? nowSeconds);
  const since = first ?? hour ?? day;
  return since === null ? null : Math.round(since * 1000);
}

/** When each of `names` that is a recording rule of the datasource begins (ms), or null for a rule with no samples yet. */
export async function recordingHorizons(ds: Datasource, names: readonly string[]): Promise<Horizons> {
  const rules = await recordingRuleNames(ds);
  return startsOf(ds, names.filter((n) => rules.has(n)), null, "15s");
}

/**
 * When each named series begins (ms; null: no samples), cached per datasource, name and
 * scope. A team-scoped caller asks of its teams' series only (`name{team=~"…"}`), so the
 * answer says nothing of a metric outside its teams.
 */
export async function startsOf(ds: Datasource, names: readonly string[], scope: string[] | null = null, fineStep = "1m"): Promise<Horizons> {
  cache.__horizons ??= new Map();
  const out: Horizons = {};
  const matcher = scope ? `{${scopeMatcher({ label: getEnv().SCOPE_LABEL, values: scope })}}` : "";
  if (scope && scope.length === 0) return Object.fromEntries(names.map((n) => [n, null]));
  await Promise.all(
    names.map(async (name) => {
      const key = `${ds.id}\u0000${name}${matcher}`;
      const hit = cache.__horizons!.get(key);
      // A lookup in flight is joined (a dashboard asks for one metric's start from several panels at once).
      if (hit && (hit.done === undefined || Date.now() - hit.at < (hit.done === null ? NONE_TTL_MS : FOUND_TTL_MS))) {
        out[name] = await hit.since;
        return;
      }
      const shared = sharedStart(key, () => seriesStart(ds, `${name}${matcher}`, undefined, fineStep));
      const entry: { since: Promise<number | null>; at: number; done?: number | null } = { since: shared.then((s) => s.since), at: Date.now() };
      cache.__horizons!.set(key, entry);
      try {
        const found = await shared;
        entry.done = found.since;
        // Kept from when it was looked up (by whichever replica), so a shared answer is no staler than the TTL.
        entry.at = found.at;
      } catch (error) {
        cache.__horizons!.delete(key);
        throw error;
      }
      out[name] = entry.done;
    }),
  );
  return out;
}

const StartSchema = z.object({ since: z.number().nullable(), at: z.number() });

/**
 * One lookup of a start among every replica sharing the results store in Redis, kept there as
 * long as a process keeps it; without REDIS_URL, this process' lookup (its map is the cache).
 */
async function sharedStart(key: string, lookup: () => Promise<number | null>): Promise<z.infer<typeof StartSchema>> {
  if (!getEnv().REDIS_URL) return { since: await lookup(), at: Date.now() };
  const store = await resultStore();
  const storeKey = `horizon\u0000${key}`;
  const result =
    (await store.get(storeKey)) ??
    (
      await store.collapse(
        storeKey,
        async () => ({ status: 200, body: { since: await lookup(), at: Date.now() } }),
        (r) => ((r.body as { since: number | null }).since === null ? NONE_TTL_MS : FOUND_TTL_MS),
      )
    ).result;
  const parsed = StartSchema.safeParse(result.body);
  if (!parsed.success) throw new Error(`a shared series start is malformed: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** `?series=a:b:c&series=…`: metric names, at most 64. */
const NamesSchema = z
  .array(z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { error: "a metric name" }))
  .max(64, { error: "at most 64 series at once" });

function names(params: URLSearchParams, field: "series" | "raw"): string[] {
  const parsed = NamesSchema.safeParse(params.getAll(field));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("request:invalid", `${field}${issue.path.length ? `[${issue.path.join(".")}]` : ""}: ${issue.message}`);
  }
  return [...new Set(parsed.data)];
}

/**
 * GET /api/prom/{datasource}/horizons?series=…&raw=…: the recording rules among `series`
 * and when each begins (`horizons`), and when each `raw` series' samples begin (`starts`:
 * a long window over a young install's raw history is partial too).
 */
export async function horizonsFromRequest(datasource: string, params: URLSearchParams, scope: string[] | null = null): Promise<{ horizons: Horizons; starts: Horizons }> {
  const series = names(params, "series");
  const raw = names(params, "raw");
  if (series.length + raw.length === 0) throw new AppError("request:invalid", "series: name at least one series (?series=level:metric:operations or ?raw=metric_name)");
  const ds = findDatasource(datasource);
  if (!ds) throw new AppError("request:not_found", `unknown datasource "${datasource}"`);
  try {
    // A rule's start is when the console's deployment began evaluating it, whoever asks; a raw series' is asked within the caller's teams.
    const [horizons, starts] = await Promise.all([series.length ? recordingHorizons(ds, series) : {}, startsOf(ds, raw, scope)]);
    return { horizons, starts };
  } catch (error) {
    throw new AppError("upstream:unavailable", `when the recording rules begin could not be asked of ${ds.id}: ${(error as Error).message.split("\n")[0]}`);
  }
}
