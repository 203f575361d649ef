import { parse } from "yaml";
import { z } from "zod";
import { matcherMatches, type Matcher } from "@/lib/alerting/silences";

/**
 * Alertmanager's routing tree (dispatch/route.go), in TypeScript: which routes an alert
 * with these labels reaches, with the path through the tree and each route's effective
 * options (a child inherits what it does not set). The route tester of the console and
 * the check of compiled configs use it; it is tested against `amtool config routes test`.
 */
const DurationSchema = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, { error: "a duration such as 30s, 5m, 4h" });

const RawRouteSchema: z.ZodType<RawRoute> = z.lazy(() =>
  z.object({
    receiver: z.string().optional(),
    group_by: z.array(z.string()).optional(),
    group_wait: DurationSchema.optional(),
    group_interval: DurationSchema.optional(),
    repeat_interval: DurationSchema.optional(),
    continue: z.boolean().optional(),
    matchers: z.array(z.string()).optional(),
    match: z.record(z.string(), z.string()).optional(),
    match_re: z.record(z.string(), z.string()).optional(),
    mute_time_intervals: z.array(z.string()).optional(),
    active_time_intervals: z.array(z.string()).optional(),
    routes: z.array(RawRouteSchema).optional(),
  }),
);

interface RawRoute {
  receiver?: string;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  continue?: boolean;
  matchers?: string[];
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: RawRoute[];
}

export interface Route {
  /** Indices from the root: [] is the root, [1, 0] the first child of the second child. */
  path: number[];
  receiver: string;
  groupBy: string[];
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  continue: boolean;
  matchers: Matcher[];
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  routes: Route[];
}

/** Alertmanager's defaults for the root route. */
const DEFAULTS = { groupWait: "30s", groupInterval: "5m", repeatInterval: "4h" };

/**
 * One matcher as Alertmanager's config writes it: `name="value"`, `name=~"re"`,
 * `name!="v"`, `name!~"re"`; the value may be unquoted.
 */
export function parseConfigMatcher(text: string): Matcher {
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (!m) throw new Error(`bad matcher "${text}": write name="value", name!="value", name=~"regex" or name!~"regex"`);
  let value = m[3]!;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = JSON.parse(value) as string;
  const op = m[2]!;
  return { name: m[1]!, value, isRegex: op === "=~" || op === "!~", isEqual: op === "=" || op === "=~" };
}

function build(raw: RawRoute, parent: Omit<Route, "routes" | "path" | "matchers" | "continue"> | null, path: number[]): Route {
  const inherited = parent ?? { receiver: "", groupBy: [], ...DEFAULTS, muteTimeIntervals: [], activeTimeIntervals: [] };
  const matchers = [
    ...Object.entries(raw.match ?? {}).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
    ...Object.entries(raw.match_re ?? {}).map(([name, value]) => ({ name, value, isRegex: true, isEqual: true })),
    ...(raw.matchers ?? []).map(parseConfigMatcher),
  ];
  const self = {
    receiver: raw.receiver ?? inherited.receiver,
    groupBy: raw.group_by ?? inherited.groupBy,
    groupWait: raw.group_wait ?? inherited.groupWait,
    groupInterval: raw.group_interval ?? inherited.groupInterval,
    repeatInterval: raw.repeat_interval ?? inherited.repeatInterval,
    // Time intervals are not inherited (Alertmanager: each route names its own).
    muteTimeIntervals: raw.mute_time_intervals ?? [],
    activeTimeIntervals: raw.active_time_intervals ?? [],
  };
  return { ...self, path, matchers, continue: raw.continue ?? false, routes: (raw.routes ?? []).map((r, i) => build(r, self, [...path, i])) };
}

/** The route tree of an alertmanager.yml (its `route:`), with every child's effective options. */
export function routeTreeFromYaml(text: string): Route {
  const doc = z.object({ route: RawRouteSchema }).parse(parse(text));
  if (!doc.route.receiver) throw new Error("route: the root route needs a receiver");
  return build(doc.route, null, []);
}

/**
 * The routes an alert reaches (Route.Match): a route matches when all its matchers do;
 * its children are tried in order, a matching child stops the search unless it has
 * `continue`; a route none of whose children match is itself the answer.
 */
export function matchRoutes(route: Route, labels: Record<string, string>): Route[] {
  if (!route.matchers.every((m) => matcherMatches(m, labels))) return [];
  const all: Route[] = [];
  for (const child of route.routes) {
    const matches = matchRoutes(child, labels);
    all.push(...matches);
    if (matches.length > 0 && !child.continue) break;
  }
  return all.length > 0 ? all : [route];
}

/** The receivers an alert goes to, in order, as `amtool config routes test` prints them. */
export function receiversFor(route: Route, labels: Record<string, string>): string[] {
  return matchRoutes(route, labels).map((r) => r.receiver);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
const durationMs = (text: string) => [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit!]!, 0);
const matcherKey = (m: Matcher) => `${m.name}${m.isEqual ? (m.isRegex ? "=~" : "=") : m.isRegex ? "!~" : "!="}${JSON.stringify(m.value)}`;

const RawDocSchema = z.object({
  receivers: z.array(z.record(z.string(), z.unknown())).nullish(),
  inhibit_rules: z
    .array(
      z.object({
        source_matchers: z.array(z.string()).nullish(),
        target_matchers: z.array(z.string()).nullish(),
        source_match: z.record(z.string(), z.string()).nullish(),
        target_match: z.record(z.string(), z.string()).nullish(),
        equal: z.array(z.string()).nullish(),
      }),
    )
    .nullish(),
  time_intervals: z.array(z.object({ name: z.string() })).nullish(),
  mute_time_intervals: z.array(z.object({ name: z.string() })).nullish(),
});

/**
 * What a config routes, independent of how it is written: the effective tree (durations
 * in ms), each receiver's integrations, inhibitions and time interval names. Alertmanager
 * reports the config it runs re-serialized (defaults filled in, `24h` as `1d`, secrets
 * hidden), so the console compares fingerprints to know whether it runs what was written.
 */
export function routingFingerprint(text: string): string {
  const doc = RawDocSchema.parse(parse(text));
  const walk = (r: Route): unknown => [
    r.receiver,
    r.matchers.map(matcherKey),
    r.groupBy,
    durationMs(r.groupWait),
    durationMs(r.groupInterval),
    durationMs(r.repeatInterval),
    r.continue,
    r.muteTimeIntervals,
    r.activeTimeIntervals,
    r.routes.map(walk),
  ];
  const matchers = (texts: string[] | null | undefined, map: Record<string, string> | null | undefined) =>
    [...(texts ?? []).map((t) => matcherKey(parseConfigMatcher(t))), ...Object.entries(map ?? {}).map(([name, value]) => matcherKey({ name, value, isRegex: false, isEqual: true }))].sort();
  return JSON.stringify({
    route: walk(routeTreeFromYaml(text)),
    receivers: (doc.receivers ?? [])
      .map((r) => [String(r.name), Object.keys(r).filter((k) => k.endsWith("_configs") && Array.isArray(r[k]) && (r[k] as unknown[]).length > 0).sort()])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    inhibit: (doc.inhibit_rules ?? []).map((i) => [matchers(i.source_matchers, i.source_match), matchers(i.target_matchers, i.target_match), [...(i.equal ?? [])].sort()]),
    timeIntervals: [...(doc.time_intervals ?? []), ...(doc.mute_time_intervals ?? [])].map((t) => t.name).sort(),
  });
}
