import "server-only";
import { z } from "zod";
import { AppError, isDatabaseDown } from "@/lib/api/errors";
import { parseBody } from "@/lib/api/zod";
import { scopeOf, type Principal } from "@/lib/auth/principal";
import {
  getRevision,
  listRevisions,
  requireRunbook,
  restoreRevision,
  runbooksForAlert,
  saveRunbook,
  searchRunbooks,
  teamSlugsByLabel,
  type RunbookActor,
} from "./repo";
import type { Labels } from "@/lib/prom/schemas";
import { getEnv } from "@/lib/api/env";
import { runbookSaveCheck } from "./access";
import { serializeRunbook } from "./file";
import { readRunbookDir, RUNBOOKS_DIR } from "./files";
import { rankRunbooks, RunbookSaveSchema, type Runbook, type RunbookInput } from "./model";
import { SearchFiltersSchema } from "./search";

/**
 * What the runbook routes and pages call. Reading needs only a session (any role: the
 * 3 a.m. lookup must not fail on a role); writing is for developers (their teams'
 * runbooks) and SREs and admins (any).
 */
export function runbookActor(principal: Principal): RunbookActor {
  return { kind: principal.kind, id: principal.id, name: principal.name, scope: scopeOf(principal) };
}

/** The access rules of a save by this actor (./access.ts), run by the repository inside its transaction. */
const checkFor = (actor: RunbookActor) => runbookSaveCheck(actor.scope, getEnv().SCOPE_LABEL);

export async function searchFromRequest(params: URLSearchParams) {
  const filters = parseBody(SearchFiltersSchema, Object.fromEntries([...params.entries()].filter(([, v]) => v !== "")));
  return searchRunbooks(filters);
}

export async function createFromRequest(principal: Principal, body: unknown) {
  const save = parseBody(RunbookSaveSchema, body);
  if (save.revision !== undefined) throw new AppError("request:invalid", "revision: a new runbook has no revision; PUT /api/runbooks/{slug} edits one");
  const actor = runbookActor(principal);
  return saveRunbook(save.runbook, { message: save.message || "Created", check: checkFor(actor) }, actor);
}

export async function updateFromRequest(principal: Principal, slug: string, body: unknown) {
  const save = parseBody(RunbookSaveSchema, body);
  if (save.runbook.slug !== slug) throw new AppError("request:invalid", `runbook.slug: "${save.runbook.slug}" differs from the runbook being edited ("${slug}"); renaming is not supported, create a new runbook instead`);
  if (save.revision === undefined) throw new AppError("request:invalid", "revision: the revision you edited (so a concurrent edit is not overwritten)");
  const actor = runbookActor(principal);
  return saveRunbook(save.runbook, { expectRevision: save.revision, message: save.message, check: checkFor(actor) }, actor);
}

export function parseRevision(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new AppError("request:invalid", `revision: "${raw}" is not a revision number`);
  return n;
}

export async function restoreFromRequest(principal: Principal, slug: string, revision: string, body: unknown) {
  const { revision: expect } = parseBody(z.object({ revision: z.number({ error: "the revision you are looking at (the current one)" }).int().positive() }), body);
  const actor = runbookActor(principal);
  return restoreRevision(slug, parseRevision(revision), expect, actor, checkFor(actor));
}

export { getRevision, listRevisions, requireRunbook };

/** The `.md` file of a runbook (or of one of its revisions), as `deploy/runbooks/` keeps it. */
export async function exportFile(slug: string, revision?: string | null): Promise<{ name: string; text: string }> {
  const content = revision ? (await getRevision(slug, parseRevision(revision))).snapshot : await requireRunbook(slug);
  return { name: `${slug}.md`, text: serializeRunbook(content) };
}

export interface Lookup {
  labels: Labels;
  /** Best first; empty when no runbook is linked to the alert. */
  matches: { runbook: Runbook; specificity: number; link: string }[];
  /** "files": PostgreSQL was unreachable, so these are the shipped runbook files (edits made in the console since are not in them). */
  source: "database" | "files";
}

/** A shipped runbook file as a runbook (no revision: it is not the database's). */
const fromFile = (r: RunbookInput): Runbook => ({ ...r, revision: 0, createdBy: "deploy/runbooks", createdAt: new Date(0).toISOString(), updatedBy: "deploy/runbooks", updatedAt: new Date(0).toISOString() });

/**
 * The runbooks for an alert, from Postgres alone (no Prometheus, no Alertmanager: this
 * must answer when they are down), and from the shipped files when Postgres is down too:
 * the on-call engineer woken by the alert still reads its runbook. Another team's runbook
 * never wins; then the most specific link; ties go to the runbook of the alert's team.
 */
export async function lookupRunbooks(labels: Labels): Promise<Lookup> {
  if (!labels.alertname) return { labels, matches: [], source: "database" };
  let candidates: Runbook[];
  let teamOf: (value: string) => string | null;
  let source: Lookup["source"] = "database";
  try {
    const [rows, bySlug] = await Promise.all([runbooksForAlert(labels.alertname), teamSlugsByLabel()]);
    candidates = rows;
    teamOf = (value) => bySlug.get(value) ?? null;
  } catch (error) {
    if (!isDatabaseDown(error)) throw error;
    candidates = readRunbookDir(RUNBOOKS_DIR)
      .filter((r) => r.alerts.some((a) => a.alertname === labels.alertname))
      .map(fromFile);
    // Teams' label values are in the database: the slug is the default one.
    teamOf = (value) => value;
    source = "files";
  }
  const ranked = rankRunbooks(candidates, labels, teamOf);
  return { labels, matches: ranked.map((m) => ({ runbook: m.runbook, specificity: m.specificity, link: m.link })), source };
}


/** The teams a user may give a runbook in the editor: SREs and admins any (or none), developers theirs. */
export async function editableTeams(user: { role: string; teams: string[] }): Promise<(string | null)[]> {
  if (user.role === "developer") return [...user.teams].sort();
  return [null, ...[...new Set((await teamSlugsByLabel()).values())].sort()];
}

export { runbookFacets, getRunbook } from "./repo";
