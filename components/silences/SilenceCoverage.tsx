"use client";

import type { Concern, SilenceReview } from "@/lib/silences/guardrails";

export interface SilenceCoverageProps {
  review: SilenceReview | null;
  /** The preview's refusal (a rule the matchers break), said before saving. */
  refusal: string | null;
  /** Why it needs a confirmation: the preview's, or a refused save's. */
  concerns: Concern[];
  reason: string;
  onReason: (reason: string) => void;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** What a silence covers among every alert now, and the confirmation a broad one needs (lib/silences/guardrails.ts). */
export function SilenceCoverage({ review, refusal, concerns, reason, onReason }: SilenceCoverageProps) {
  const c = review?.coverage;
  return (
    <>
      <div className="silence-coverage muted" aria-label="What it covers" data-alerts={c?.alerts} data-gpus={c?.gpus} data-nodes={c?.nodes} data-jobs={c?.jobs} data-teams={c?.teams.join(",")}>
        {refusal
          ? refusal
          : !review
            ? "\u00a0"
            : c
              ? `Across the fleet: ${plural(c.alerts, "alert")} (${c.firing} of the ${c.firingInFleet} firing) · ${plural(c.gpus, "GPU")} · ${plural(c.nodes, "node")} · ${plural(c.jobs, "job")} · ${c.teams.length ? `teams ${c.teams.join(", ")}` : "no team"}`
              : "No Alertmanager answered: what it covers now is not known (it is saved and written when Alertmanager is back)."}
      </div>
      {concerns.length > 0 && (
        <div className="silence-confirm" role="group" aria-label="Needs a confirmation">
          <strong>This silence needs a confirmation:</strong>
          <ul>
            {concerns.map((k) => (
              <li key={k.code} data-concern={k.code}>
                {k.message}
              </li>
            ))}
          </ul>
          {review && !review.mayConfirm ? (
            <span>Only an SRE or an admin may confirm it: ask one.</span>
          ) : (
            <label className="form-row">
              Reason <input aria-label="Confirmation reason" value={reason} onChange={(e) => onReason(e.target.value)} placeholder="why a silence this broad is right" size={60} />
            </label>
          )}
        </div>
      )}
    </>
  );
}
