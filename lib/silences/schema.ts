import { z } from "zod";
import { re2Error, re2FullMatch } from "@/lib/alerting/re2";
import { matcherMatches, type Matcher } from "@/lib/alerting/silences";

/**
 * Silences as the console stores and serves them (Postgres is the source of truth), and
 * Alertmanager's own rules for a valid one, checked before anything is written or sent.
 * Errors name the field: "matchers.1.value: …", "endsAt: …".
 */
export const SilenceMatcherSchema = z.object({
  name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { error: "a label name (letters, digits, _; not starting with a digit)" }),
  value: z.string().max(1024, { error: "longer than 1024 characters" }),
  isRegex: z.boolean().default(false),
  isEqual: z.boolean().default(true),
});

/** The matchers column of a stored silence (or maintenance window). */
export const StoredMatchersSchema = z.array(SilenceMatcherSchema);

const TIME = "a time: epoch milliseconds, or RFC 3339 as Alertmanager writes it (2026-12-07T12:00:00Z)";
/** RFC 3339 with a zone (Z or ±hh:mm), as Alertmanager's API v2 and amtool send times. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
/** A time as the console's own clients send it (epoch ms) or as Alertmanager's silence JSON does (RFC 3339); epoch ms after. */
const Time = z.union([z.number(), z.string()], { error: TIME }).transform((v, ctx) => {
  const ms = typeof v === "number" ? v : RFC3339.test(v) ? Date.parse(v) : Number.NaN;
  // Epoch ms are whole; Alertmanager writes sub-millisecond times (…12:00:00.123456789Z), rounded here.
  if (ms > 0 && (typeof v === "string" ? Number.isFinite(ms) : Number.isInteger(ms))) return Math.round(ms);
  ctx.addIssue({ code: "custom", message: TIME });
  return z.NEVER;
});

/**
 * A new silence: the console's JSON, or Alertmanager's (`POST /api/v2/silences` bodies, as
 * amtool and Grafana send them): RFC 3339 times, and `createdBy`, which is read and not kept
 * (the console records who is signed in). An `id` would make Alertmanager update that
 * silence; here an edit is `PUT /api/silences/{id}` with the version read, so it is refused.
 */
export const SilenceInputSchema = z.object({
  matchers: z.array(SilenceMatcherSchema).min(1, { error: "at least one matcher" }).max(32, { error: "at most 32 matchers" }),
  startsAt: Time.optional(),
  endsAt: Time,
  createdBy: z.string().max(256, { error: "longer than 256 characters" }).optional(),
  id: z.undefined({ error: "a new silence has no id: to change one, PUT /api/silences/{id} with the version you read" }).optional(),
  comment: z.string().trim().min(1, { error: "say why (a comment is required)" }).max(2000, { error: "longer than 2000 characters" }),
  ticketUrl: z.url({ error: "a URL (http or https)", protocol: /^https?$/ }).optional().nullable(),
  /** A broad silence's confirmation by an SRE or admin (lib/silences/guardrails.ts). */
  confirm: z.object({ reason: z.string().trim().min(8, { error: "say why a silence this broad is right (8 characters at least)" }).max(500, { error: "longer than 500 characters" }) }).optional(),
});
export type SilenceInput = z.infer<typeof SilenceInputSchema>;

/** An edit names the version it read; a changed field list of what it sets. */
export const SilenceEditSchema = SilenceInputSchema.extend({ version: z.number().int().positive({ error: "the version you read" }) });
export type SilenceEdit = z.infer<typeof SilenceEditSchema>;

export const ExtendSchema = z.object({
  version: z.number().int().positive({ error: "the version you read" }),
  by: z.enum(["1h", "4h", "1d"], { error: "1h, 4h or 1d" }),
});
export const EXTEND_MS = { "1h": 3_600_000, "4h": 4 * 3_600_000, "1d": 86_400_000 } as const;

export type SilenceState = "active" | "pending" | "expired";

/** A silence as the API shows it (the browser's client validates it). */
export const SilenceViewSchema = z.object({
  id: z.string(),
  matchers: StoredMatchersSchema,
  startsAt: z.number(),
  endsAt: z.number(),
  comment: z.string(),
  ticketUrl: z.string().nullable(),
  origin: z.enum(["console", "external"]),
  state: z.enum(["active", "pending", "expired"]),
  createdBy: z.string(),
  updatedBy: z.string(),
  expiredBy: z.string().nullable(),
  /** When it was expired early (by a user, or in Alertmanager); null if it runs to its end. */
  expiredAt: z.number().nullable(),
  version: z.number(),
  replacedById: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Per Alertmanager: its id there and whether the copy is written. */
  sync: z.array(z.object({ alertmanager: z.string(), amId: z.string().nullable(), pastIds: z.array(z.string()), state: z.enum(["pending", "synced", "error"]), lastError: z.string().nullable() })),
});
export type SilenceView = z.infer<typeof SilenceViewSchema>;

export function silenceState(s: { startsAt: number; endsAt: number; expiredAt: number | null }, nowMs: number): SilenceState {
  if (s.expiredAt !== null || s.endsAt <= nowMs) return "expired";
  return s.startsAt > nowMs ? "pending" : "active";
}

/** When a new silence starts: as asked, never more than a minute in the past. */
export function startOfNew(requested: number | undefined, nowMs: number): number {
  return Math.max(requested ?? nowMs, nowMs - 60_000);
}

/** When an edited silence starts: an active one keeps its start, a pending one moves as asked. */
export function startOfEdit(current: { state: SilenceState; startsAt: number }, requested: number | undefined, nowMs: number): number {
  return current.state === "active" ? current.startsAt : startOfNew(requested ?? current.startsAt, nowMs);
}

export class SilenceRuleError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

/**
 * Label values of every shape alerts carry (names, hosts, addresses, numbers, text,
 * punctuation, non-ASCII, long). A regex is not decidable in general, but one
 * that matches all of these matches everything an operator could mean.
 */
const PROBES = ["a", "Z", "0", "_", "-", " ", ".", "*", "GpuTemperatureHigh", "us-east-gpu-001", "10.0.0.1:9400", "critical", "ml-research", "GPU-6f1c…", "ü", "日本", "\t", "x".repeat(300)];

/** Whether an anchored regex (Alertmanager's `=~`) matches every non-empty label value. */
export function matchesEverything(regex: string): boolean {
  return re2Error(regex) === null && PROBES.every((p) => re2FullMatch(regex, p));
}

/**
 * Alertmanager's validation (silence.go `validateSilence`): every matcher's regex
 * compiles, at least one matcher does not match the empty string (else it would silence
 * everything without that label), endsAt after startsAt and in the future. And the
 * console's guardrail: no `=~` regex that matches every value (`.+`, `.*`, `(.*)|x`):
 * next to other matchers it would silence far more than it says.
 */
export function checkSilenceRules(input: { matchers: Matcher[]; startsAt: number; endsAt: number }, nowMs: number): void {
  input.matchers.forEach((m, i) => {
    if (!m.isRegex) return;
    // Alertmanager's dialect (RE2): `(?i)` is fine, a lookahead is not.
    const fault = re2Error(m.value);
    if (fault) throw new SilenceRuleError(`matchers.${i}.value`, `not a valid regular expression (${fault})`);
  });
  if (input.matchers.every((m) => matcherMatches(m, {}))) {
    throw new SilenceRuleError("matchers", "at least one matcher must not match the empty string (this one would silence every alert without those labels)");
  }
  input.matchers.forEach((m, i) => {
    if (m.isRegex && m.isEqual && matchesEverything(m.value)) {
      throw new SilenceRuleError(`matchers.${i}.value`, `${m.name}=~"${m.value}" matches every value of ${m.name}: name the values it should match (a regex that matches everything is refused)`);
    }
  });
  if (input.endsAt <= nowMs) throw new SilenceRuleError("endsAt", "is in the past");
  if (input.endsAt <= input.startsAt) throw new SilenceRuleError("endsAt", "must be after startsAt");
}

/**
 * A team-scoped user (a developer) may only silence their own teams' alerts: the silence
 * must carry an equality matcher on the team label with one of their teams.
 */
export function checkTeamScope(matchers: Matcher[], scope: string[] | null, label: string): void {
  if (scope === null) return;
  const ok = matchers.some((m) => m.name === label && m.isEqual && !m.isRegex && scope.includes(m.value));
  if (!ok) {
    throw new SilenceRuleError("matchers", `must include ${label}="<one of your teams>" (${scope.join(", ") || "you have no team"}): you may only silence your teams' alerts`);
  }
}

/** Same matchers, in any order (Alertmanager updates a silence in place only then). */
export function sameMatchers(a: Matcher[], b: Matcher[]): boolean {
  const key = (m: Matcher) => `${m.name}\u0000${m.value}\u0000${m.isRegex}\u0000${m.isEqual}`;
  const ka = a.map(key).sort();
  const kb = b.map(key).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/**
 * How a silence the console wrote names itself in Alertmanager: its console id at the end
 * of the comment. A copy whose write was never recorded (the console died between
 * Alertmanager's answer and Postgres) is then still known as that silence's: adopted or
 * expired, never imported as external, never duplicated.
 */
const MARK = / \[console silence ([a-z0-9]{1,64})\]$/;

export function markedComment(comment: string, id: string): string {
  return `${comment} [console silence ${id}]`;
}

/** The console silence an Alertmanager comment names, or null (made with amtool or its UI). */
export function consoleSilenceId(comment: string): string | null {
  return MARK.exec(comment)?.[1] ?? null;
}

/** Whether a team-scoped reader may see a silence: it names one of their teams by equality (null scope: any). */
export function silenceVisibleTo(s: Pick<SilenceView, "matchers">, scope: string[] | null, scopeLabel: string): boolean {
  return !scope || s.matchers.some((m) => m.name === scopeLabel && m.isEqual && !m.isRegex && scope.includes(m.value));
}

/** When a silence stops silencing: its end, or its early expiry. */
export function effectiveEnd(s: Pick<SilenceView, "endsAt" | "expiredAt">): number {
  return s.expiredAt === null ? s.endsAt : Math.min(s.endsAt, s.expiredAt);
}
