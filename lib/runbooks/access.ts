import { AppError } from "@/lib/api/errors";
import { linkBoundToTeam, linkText, scopeAllowsTeam, type RunbookInput } from "./model";

/**
 * Who may save a runbook, as the service decides it; the repository runs the check inside
 * its transaction with what it read there (the runbook as it is, its team's label value).
 */
export interface RunbookSaveCheck {
  (save: { content: RunbookInput; current: RunbookInput | null; teamLabelValue: string | null }): { approvedLinks: string[] };
}

/** A developer edits only their teams' runbooks: both the team it had and the team it gets. */
export function checkRunbookScope(scope: string[] | null, teams: (string | null)[]): void {
  if (scope === null) return;
  for (const team of teams) {
    if (scopeAllowsTeam(scope, team)) continue;
    if (team === null) throw new AppError("auth:forbidden", `only SREs and admins edit runbooks that belong to no team; set team to one of yours (${scope.join(", ") || "you are in none"})`);
    throw new AppError("auth:forbidden", `team: runbooks of team ${team} are edited by its members and SREs; yours are ${scope.join(", ") || "none"}`);
  }
}

/**
 * A team's runbook may link only that team's alerts (links bounded by `team="<its label
 * value>"`), so its lookup cannot take over another team's alerts. A link beyond that is
 * saved by an SRE or admin — their save is the approval, audited as `runbook.approve-link`
 * — and a developer's later save may keep it as it is, not add or widen one. Returns the
 * unbounded links this save adds (for the audit).
 */
export function checkLinks(scope: string[] | null, scopeLabel: string, save: Parameters<RunbookSaveCheck>[0]): string[] {
  const { content, current, teamLabelValue } = save;
  if (content.team === null || teamLabelValue === null) return [];
  const kept = new Set((current?.team === content.team ? current.alerts : []).map(linkText));
  const added: string[] = [];
  content.alerts.forEach((link, i) => {
    if (linkBoundToTeam(link, teamLabelValue, scopeLabel) || kept.has(linkText(link))) return;
    if (scope !== null) {
      throw new AppError("auth:forbidden", `alerts.${i}: ${linkText(link)} links other teams' alerts too; add ${scopeLabel}="${teamLabelValue}" to it, or ask an SRE or admin to approve the link (they save it)`);
    }
    added.push(linkText(link));
  });
  return added;
}

/** The check of a save by someone whose teams are `scope` (null: any team). */
export function runbookSaveCheck(scope: string[] | null, scopeLabel: string): RunbookSaveCheck {
  return (save) => {
    checkRunbookScope(scope, save.current ? [save.current.team, save.content.team] : [save.content.team]);
    return { approvedLinks: checkLinks(scope, scopeLabel, save) };
  };
}
