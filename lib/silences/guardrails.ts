import { z } from "zod";
import { matcherMatches, type Matcher } from "@/lib/alerting/silences";

/**
 * Guardrails on silences (pure). Before a silence is saved the console counts what it
 * covers right now — alerts, GPUs, nodes, jobs, teams — among every alert firing or
 * pending, whoever may see them. A silence that covers more than a set share of the
 * firing alerts, or alerts of teams other than the author's, or that runs longer than a
 * set maximum, is saved only with an explicit confirmation by an SRE or an admin, with a
 * reason (kept in the audit log). A regex that matches everything is refused outright
 * (`checkSilenceRules`).
 */
export const GuardrailPolicySchema = z.object({
  /** Share of the firing alerts above which a silence is broad (0.25: a quarter). */
  maxShare: z.number(),
  /** A silence covering fewer alerts than this is never broad by share. */
  minAlerts: z.number(),
  /** Longest a silence may run without a confirmation. */
  maxDurationMs: z.number(),
});
export type GuardrailPolicy = z.infer<typeof GuardrailPolicySchema>;

export interface AlertLike {
  labels: Record<string, string>;
  state: "firing" | "pending";
}

/** What a silence (or maintenance window) covers among every alert now. */
export const CoverageSchema = z.object({
  alerts: z.number(),
  firing: z.number(),
  /** Every firing alert in the fleet: what `firing` is a share of. */
  firingInFleet: z.number(),
  gpus: z.number(),
  nodes: z.number(),
  jobs: z.number(),
  teams: z.array(z.string()),
});
export type Coverage = z.infer<typeof CoverageSchema>;

export const ConcernSchema = z.object({ code: z.enum(["share", "other-teams", "duration"]), message: z.string() });
export type ConcernCode = z.infer<typeof ConcernSchema>["code"];
export type Concern = z.infer<typeof ConcernSchema>;

/** The preview the form shows before saving (`POST /api/silences/preview`). */
export const SilenceReviewSchema = z.object({
  /** What it covers among every alert now; null when no Alertmanager answered. */
  coverage: CoverageSchema.nullable(),
  concerns: z.array(ConcernSchema),
  policy: GuardrailPolicySchema,
  /** Whether this author may confirm a silence with concerns (SRE, admin). */
  mayConfirm: z.boolean(),
});
export type SilenceReview = z.infer<typeof SilenceReviewSchema>;

export interface CoverageLabels {
  /** The host label of this fleet's spelling (`Hostname`, `hostname`). */
  host: string;
  /** The team label (SCOPE_LABEL). */
  team: string;
}

/** What the matchers cover among `alerts` now. */
export function coverageOf(matchers: Matcher[], alerts: AlertLike[], labels: CoverageLabels): Coverage {
  const covered = alerts.filter((a) => matchers.every((m) => matcherMatches(m, a.labels)));
  const distinct = (f: (l: Record<string, string>) => string | undefined) => new Set(covered.map((a) => f(a.labels)).filter((v): v is string => !!v));
  return {
    alerts: covered.length,
    firing: covered.filter((a) => a.state === "firing").length,
    firingInFleet: alerts.filter((a) => a.state === "firing").length,
    gpus: distinct((l) => (l[labels.host] && l.gpu ? `${l.cluster ?? ""}/${l[labels.host]}/${l.gpu}` : undefined)).size,
    nodes: distinct((l) => (l[labels.host] ? `${l.cluster ?? ""}/${l[labels.host]}` : undefined)).size,
    jobs: distinct((l) => l.job_name).size,
    teams: [...distinct((l) => l[labels.team])].sort(),
  };
}

const percent = (x: number) => `${Math.round(x * 100)} %`;
/** "10 d", "10.4 d"; under two days in hours ("36 h"). */
const days = (ms: number) => (ms >= 2 * 86_400_000 ? `${Math.round((ms / 86_400_000) * 10) / 10} d` : `${Math.round(ms / 3_600_000)} h`);

/**
 * Why a silence needs a confirmation, if it does. `coverage` is null when no
 * Alertmanager answered: what it covers is unknown, so only its length is judged (the
 * silence is kept and written when Alertmanager is back). `authorTeams` are the team
 * label values of the author's teams; an author in no team (a fleet-wide SRE) is asked
 * when a silence spans more than one team.
 */
export function concernsOf(
  silence: { startsAt: number; endsAt: number },
  coverage: Coverage | null,
  authorTeams: string[],
  policy: GuardrailPolicy,
): Concern[] {
  const concerns: Concern[] = [];
  if (coverage && coverage.firing >= policy.minAlerts && coverage.firingInFleet > 0 && coverage.firing / coverage.firingInFleet > policy.maxShare) {
    concerns.push({
      code: "share",
      message: `covers ${coverage.firing} of the ${coverage.firingInFleet} alerts firing (${percent(coverage.firing / coverage.firingInFleet)}; more than ${percent(policy.maxShare)} needs a confirmation)`,
    });
  }
  if (coverage) {
    const others = authorTeams.length > 0 ? coverage.teams.filter((t) => !authorTeams.includes(t)) : coverage.teams.length > 1 ? coverage.teams : [];
    if (others.length > 0) {
      concerns.push({ code: "other-teams", message: `covers alerts of ${authorTeams.length > 0 ? "other teams" : "several teams"}: ${others.join(", ")}` });
    }
  }
  const length = silence.endsAt - silence.startsAt;
  if (length > policy.maxDurationMs) {
    concerns.push({ code: "duration", message: `runs ${days(length)}, longer than ${days(policy.maxDurationMs)}` });
  }
  return concerns;
}
