import { z } from "zod";
import type { Labels } from "@/lib/prom/schemas";
import { IDENTIFYING_LABELS } from "./alert-intervals";
import { re2Error, re2FullMatch } from "./re2";

/** Alertmanager's silences (API v2), as far as bands and lists need them. */
export const MatcherSchema = z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().default(true) });
export const SilenceSchema = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(["active", "pending", "expired"]) }),
  matchers: z.array(MatcherSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
});
export const SilencesSchema = z.array(SilenceSchema);
export type Matcher = z.infer<typeof MatcherSchema>;
export type Silence = z.infer<typeof SilenceSchema>;

/** Alertmanager's matcher semantics: regexes are anchored; a missing label is the empty string. */
export function matcherMatches(m: Matcher, labels: Labels): boolean {
  const value = labels[m.name] ?? "";
  let hit: boolean;
  // Alertmanager's dialect (RE2), anchored; an invalid regex matches nothing.
  if (m.isRegex) {
    if (re2Error(m.value)) return false;
    hit = re2FullMatch(m.value, value);
  } else hit = value === m.value;
  return m.isEqual ? hit : !hit;
}

/**
 * Does a silence cover a panel's series? It must name at least one identifying label
 * other than `cluster` (as alert bands do: a cluster-wide silence is not drawn on every
 * GPU), and its matchers on labels the series has must all match. Matchers on labels the
 * series does not carry (alertname, severity) say which alerts, not which thing.
 */
export function silenceCoversSeries(silence: Pick<Silence, "matchers">, series: Labels): boolean {
  let specific = false;
  for (const m of silence.matchers) {
    if (!IDENTIFYING_LABELS.includes(m.name)) continue;
    if (series[m.name] === undefined) continue;
    if (!matcherMatches(m, series)) return false;
    if (m.name !== "cluster") specific = true;
  }
  return specific;
}

export interface SilenceBand {
  id: string;
  fromMs: number;
  toMs: number;
  comment: string;
  createdBy: string;
  matchers: string;
  seriesNames: string[];
}

/** `{alertname="X", Hostname=~"a|b"}`, as amtool writes matchers. */
/** One matcher as Alertmanager writes it: `name="v"`, `name!="v"`, `name=~"re"`, `name!~"re"`. */
export function matcherText(m: Matcher): string {
  return `${m.name}${m.isEqual ? (m.isRegex ? "=~" : "=") : m.isRegex ? "!~" : "!="}${JSON.stringify(m.value)}`;
}

export function matchersText(matchers: Matcher[]): string {
  return `{${matchers.map(matcherText).join(", ")}}`;
}

/** Silences that overlap the window and cover at least one of the series, clipped to the window. */
export function silenceBands(silences: Silence[], series: { name: string; labels: Labels }[], window: { fromMs: number; toMs: number }): SilenceBand[] {
  const out: SilenceBand[] = [];
  for (const s of silences) {
    const from = Date.parse(s.startsAt);
    const to = Date.parse(s.endsAt);
    if (!(to > window.fromMs && from < window.toMs)) continue;
    const seriesNames = series.filter((x) => silenceCoversSeries(s, x.labels)).map((x) => x.name);
    if (seriesNames.length === 0) continue;
    out.push({ id: s.id, fromMs: Math.max(from, window.fromMs), toMs: Math.min(to, window.toMs), comment: s.comment, createdBy: s.createdBy, matchers: matchersText(s.matchers), seriesNames });
  }
  return out.sort((a, b) => a.fromMs - b.fromMs);
}
