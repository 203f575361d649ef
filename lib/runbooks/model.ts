import { z } from "zod";
import { matcherMatches, matcherText, type Matcher } from "@/lib/alerting/silences";
import { parseFilter } from "@/lib/alerting/alerts";
import type { Labels } from "@/lib/prom/schemas";

/**
 * A runbook: what an alert means and what to do, linked to the alerts it answers.
 * The same shape is the API's body, a revision's snapshot and a `deploy/runbooks/*.md`
 * file's front matter plus body, so "restore revision N" and "import this file" are the
 * same operation as "save".
 */
export const SEVERITIES = ["critical", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SLUG = /^[a-z0-9][a-z0-9-]{1,79}$/;
/** Paths under /runbooks/ and /api/runbooks/ that are not runbooks. */
export const RESERVED_SLUGS = ["for", "new", "lookup", "export", "import"];
const ALERTNAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A label matcher written as Alertmanager writes it (`cluster="prod-a"`, `Hostname=~"dgx-.*"`), kept as that text. */
const MatcherTextSchema = z.string().transform((text, ctx): string => {
  try {
    return matcherText(parseFilter(text));
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});

export const AlertLinkSchema = z.object({
  alertname: z.string().regex(ALERTNAME, { error: "an alert name (letters, digits, _ and :, not starting with a digit)" }),
  /** Narrows the link to some of the alert's instances; the more matchers, the more specific. */
  matchers: z.array(MatcherTextSchema).max(20).default([]),
});
export type AlertLink = z.infer<typeof AlertLinkSchema>;

export const ContactSchema = z.object({
  name: z.string().trim().min(1, { error: "who (a person, a rotation or a team)" }).max(200),
  /** How to reach them: a pager service, a phone number, a chat channel, an e-mail. */
  how: z.string().trim().max(300).default(""),
});
export type Contact = z.infer<typeof ContactSchema>;

export const RunbookInputSchema = z.object({
  slug: z
    .string()
    .regex(SLUG, { error: "lower-case letters, digits and dashes, 2–80 characters" })
    .refine((s) => !RESERVED_SLUGS.includes(s), { error: (i) => `"${String(i.input)}" names a page of the console (${RESERVED_SLUGS.join(", ")}); choose another` }),
  title: z.string().trim().min(1, { error: "a title" }).max(200),
  summary: z.string().trim().max(500).default(""),
  severity: z.enum(SEVERITIES, { error: `one of ${SEVERITIES.join(", ")}` }),
  /** The owning team's slug; null for a runbook nobody owns yet. */
  team: z.string().regex(SLUG).nullable().default(null),
  owner: z.string().trim().max(200).default(""),
  // Leading blank lines and trailing whitespace are not content (and would not survive a file round trip).
  body: z
    .string()
    .max(200_000, { error: "at most 200,000 characters" })
    .transform((b) => b.replace(/\r\n/g, "\n").replace(/^(?:[ \t]*\n)+/, "").replace(/\s+$/, "")),
  contacts: z.array(ContactSchema).max(30).default([]),
  /** Ordered: who is next when the previous step did not resolve it (and after how long). */
  escalation: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
  alerts: z.array(AlertLinkSchema).max(50).default([]),
  tags: z
    .array(z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, { error: "tags are short words: letters, digits, - _ ." }))
    .max(20)
    .default([])
    .transform((tags) => [...new Set(tags)].sort()),
});
export type RunbookInput = z.infer<typeof RunbookInputSchema>;
/** What a client sends: the input fields, with defaults optional. */
export type RunbookDraft = z.input<typeof RunbookInputSchema>;

/** What a save carries besides the content: the revision read (stale → 409) and why. */
export const RunbookSaveSchema = z.object({
  runbook: RunbookInputSchema,
  /** The revision the editor started from; absent when creating. */
  revision: z.number().int().positive().optional(),
  message: z.string().trim().max(500).default(""),
});

/** A stored runbook as the API answers it (the browser's client validates it). */
export const RunbookSchema = RunbookInputSchema.extend({ revision: z.number(), createdBy: z.string(), createdAt: z.string(), updatedBy: z.string(), updatedAt: z.string() });
export type Runbook = z.infer<typeof RunbookSchema>;

export const RunbookRevisionSchema = z.object({ revision: z.number(), author: z.string(), message: z.string(), createdAt: z.string(), snapshot: RunbookInputSchema });
export type RunbookRevision = z.infer<typeof RunbookRevisionSchema>;

/** The distinct alert names a runbook links to (for filters, search and lookup). */
export function alertNamesOf(input: Pick<RunbookInput, "alerts">): string[] {
  return [...new Set(input.alerts.map((a) => a.alertname))].sort();
}

/** The link's matchers as Alertmanager matchers (they were validated when saved). */
export function linkMatchers(link: AlertLink): Matcher[] {
  return link.matchers.map((m) => parseFilter(m));
}

/**
 * How well a link fits an alert: null if it does not (another alert name, or a matcher
 * that fails), else the number of its matchers — the more it names, the more specific.
 */
export function linkSpecificity(link: AlertLink, labels: Labels): number | null {
  if (labels.alertname !== link.alertname) return null;
  const matchers = linkMatchers(link);
  return matchers.every((m) => matcherMatches(m, labels)) ? matchers.length : null;
}

export interface Candidate {
  slug: string;
  team: string | null;
  alerts: AlertLink[];
}

export interface Match<C extends Candidate> {
  runbook: C;
  specificity: number;
  /** The link that matched best, as text (`GpuTemperatureHigh{cluster="prod"}`). */
  link: string;
}

/**
 * The runbook for an alert: another team's runbook never wins it (a developer's link to
 * every team's alerts of a name cannot outrank the owning team's, whatever its matchers);
 * then the most specific matching link; among equally specific ones, the runbook owned by
 * the alert's team (its `team` label, mapped from label value to slug by `teamOfLabel`),
 * then the slug, so the answer never depends on row order. Every match comes back, best
 * first, so the page can offer the others.
 */
export function rankRunbooks<C extends Candidate>(candidates: C[], labels: Labels, teamOfLabel: (value: string) => string | null = (v) => v): Match<C>[] {
  const alertTeam = labels.team !== undefined ? teamOfLabel(labels.team) : null;
  const matches: Match<C>[] = [];
  for (const runbook of candidates) {
    let best: { specificity: number; link: AlertLink } | null = null;
    for (const link of runbook.alerts) {
      const s = linkSpecificity(link, labels);
      if (s !== null && (best === null || s > best.specificity)) best = { specificity: s, link };
    }
    if (best) matches.push({ runbook, specificity: best.specificity, link: linkText(best.link) });
  }
  const owned = (m: Match<C>) => (alertTeam !== null && m.runbook.team === alertTeam ? 1 : 0);
  // Another team's: the runbook has a team and it is not the alert's (an alert without a team has none of its own).
  const foreign = (m: Match<C>) => (m.runbook.team !== null && m.runbook.team !== alertTeam ? 1 : 0);
  return matches.sort((a, b) => foreign(a) - foreign(b) || b.specificity - a.specificity || owned(b) - owned(a) || a.runbook.slug.localeCompare(b.runbook.slug));
}

/**
 * A link a team's runbook may carry without an SRE's or admin's approval: one bounded to
 * that team's alerts (an equality matcher on the team label with the team's label value).
 */
export function linkBoundToTeam(link: AlertLink, teamLabelValue: string, scopeLabel = "team"): boolean {
  return linkMatchers(link).some((m) => m.name === scopeLabel && m.isEqual && !m.isRegex && m.value === teamLabelValue);
}

export function linkText(link: AlertLink): string {
  return link.matchers.length ? `${link.alertname}{${link.matchers.join(", ")}}` : link.alertname;
}

/** The alert's labels from a lookup URL (`/runbooks/for?alertname=X&Hostname=h&gpu=3`); empty values dropped. */
export function lookupLabels(params: URLSearchParams | Record<string, string | string[] | undefined>): Labels {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as const) : v === undefined ? [] : [[k, v] as const]));
  const labels: Labels = {};
  for (const [name, value] of entries) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) || value === "" || name in labels) continue;
    labels[name] = value.slice(0, 500);
  }
  return labels;
}

/** The team rule of runbook edits: an unscoped writer (SRE, admin) any team; a scoped one (developer) only theirs, never none. */
export function scopeAllowsTeam(scope: readonly string[] | null, team: string | null): boolean {
  return scope === null || (team !== null && scope.includes(team));
}

/** May this user edit (or create) a runbook of this team? SREs and admins any; developers their teams'. */
export function mayEditRunbook(user: { role: string; teams: readonly string[] }, team: string | null): boolean {
  if (user.role === "sre" || user.role === "admin") return true;
  return user.role === "developer" && scopeAllowsTeam(user.teams, team);
}

/** The lookup URL for an alert (what `runbook_url` annotations point to): its name first, then its labels. */
export function runbookLookupPath(labels: Labels): string {
  const params = new URLSearchParams();
  if (labels.alertname) params.set("alertname", labels.alertname);
  // `alertstate` is the ALERTS series' own label, not the alert's.
  for (const name of Object.keys(labels).sort()) if (name !== "alertname" && name !== "alertstate" && labels[name]) params.append(name, labels[name]!);
  return `/runbooks/for?${params}`;
}
