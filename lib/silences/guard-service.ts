import "server-only";
import { AppError } from "@/lib/api/errors";
import { getEnv } from "@/lib/api/env";
import { collectAlerts } from "@/lib/alerting/alerts-service";
import type { Matcher } from "@/lib/alerting/silences";
import { hasRole } from "@/lib/auth/roles";
import type { Principal } from "@/lib/auth/principal";
import { teamLabelValues } from "@/lib/access/repo";
import { LABEL_SPELLINGS } from "@/lib/metrics/labels";
import { concernsOf, coverageOf, type GuardrailPolicy, type SilenceReview } from "./guardrails";

export function guardrailPolicy(): GuardrailPolicy {
  const env = getEnv();
  return { maxShare: env.SILENCE_CONFIRM_SHARE, minAlerts: env.SILENCE_CONFIRM_MIN_ALERTS, maxDurationMs: env.SILENCE_MAX_HOURS * 3_600_000 };
}

/** The preview before saving: what the silence covers now, among all alerts (whoever may see them), and why it would need a confirmation. */
export async function reviewSilence(principal: Principal, silence: { matchers: Matcher[]; startsAt?: number; endsAt: number }, nowMs = Date.now()): Promise<SilenceReview> {
  const env = getEnv();
  const [collected, authorTeams] = await Promise.all([collectAlerts(null), teamLabelValues(principal.teams)]);
  const coverage = collected.answered > 0 ? coverageOf(silence.matchers, collected.alerts, { host: LABEL_SPELLINGS[env.LABEL_SPELLING].host, team: env.SCOPE_LABEL }) : null;
  const policy = guardrailPolicy();
  const concerns = concernsOf({ startsAt: Math.max(silence.startsAt ?? nowMs, nowMs), endsAt: silence.endsAt }, coverage, authorTeams, policy);
  return { coverage, concerns, policy, mayConfirm: hasRole(principal.role, "sre") };
}

/**
 * The guardrail of a save: a silence with concerns is saved only with `confirm.reason`,
 * given by an SRE or admin; what was confirmed goes to the audit log with the silence.
 */
export async function confirmationFor(principal: Principal, silence: { matchers: Matcher[]; startsAt?: number; endsAt: number; confirm?: { reason: string } }): Promise<{ reason: string; concerns: string[] } | null> {
  const review = await reviewSilence(principal, silence);
  if (review.concerns.length === 0) return null;
  const details = { concerns: review.concerns, coverage: review.coverage };
  const what = review.concerns.map((c) => c.message).join("; ");
  if (!review.mayConfirm) throw new AppError("auth:forbidden", `this silence ${what}: an SRE or admin must confirm it`, details);
  if (!silence.confirm) throw new AppError("request:unprocessable", `confirm: this silence ${what}; confirm it with a reason`, details);
  return { reason: silence.confirm.reason, concerns: review.concerns.map((c) => c.code) };
}
