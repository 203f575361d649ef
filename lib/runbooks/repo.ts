import "server-only";
import { AppError } from "@/lib/api/errors";
import type { RunbookSaveCheck } from "./access";
import { z } from "zod";
import { AlertLinkSchema, alertNamesOf, ContactSchema, RunbookInputSchema, type Runbook, type RunbookInput, type RunbookRevision } from "@/lib/runbooks/model";
import { HIT_START, HIT_STOP, sameContent, searchTsQuery, type RunbookHit, type SearchFilters } from "@/lib/runbooks/search";
import type { AuditActor } from "@/lib/audit/model";
import { recordAudit } from "@/lib/audit/repo";
import { getPrisma } from "@/lib/db/client";
import { readJson, toJson } from "@/lib/db/json";
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";

/** Who writes (as the audit log names them), and the teams whose runbooks they may edit (null: any team). */
export interface RunbookActor extends AuditActor {
  scope: string[] | null;
}

type Row = Prisma.RunbookGetPayload<object>;

function contentOf(r: Row): RunbookInput {
  return {
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    severity: r.severity as RunbookInput["severity"],
    team: r.team,
    owner: r.owner,
    body: r.body,
    contacts: readJson(z.array(ContactSchema), r.contacts, `runbook ${r.slug} contacts`),
    escalation: r.escalation,
    alerts: readJson(z.array(AlertLinkSchema), r.alerts, `runbook ${r.slug} alerts`),
    tags: r.tags,
  };
}

export function toRunbook(r: Row): Runbook {
  return { ...contentOf(r), revision: r.revision, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), updatedBy: r.updatedBy, updatedAt: r.updatedAt.toISOString() };
}

function columns(input: RunbookInput) {
  return {
    slug: input.slug,
    title: input.title,
    summary: input.summary,
    severity: input.severity,
    team: input.team,
    owner: input.owner,
    body: input.body,
    contacts: toJson(input.contacts),
    escalation: input.escalation,
    alerts: toJson(input.alerts),
    alertNames: alertNamesOf(input),
    tags: input.tags,
  };
}

/** The label value of a runbook's team (null: no team); a team that does not exist is a 400. */
async function teamLabelValue(db: PrismaClient | Prisma.TransactionClient, team: string | null): Promise<string | null> {
  if (team === null) return null;
  const row = await db.team.findUnique({ where: { slug: team }, select: { labelValue: true } });
  if (!row) throw new AppError("request:invalid", `team: no team "${team}"`);
  return row.labelValue;
}

export interface SaveResult {
  runbook: Runbook;
  /** false when the content was already exactly this (no new revision). */
  changed: boolean;
  created: boolean;
}

/**
 * Create or update a runbook by slug; every change is a new revision with the full
 * content. `expectRevision` is the revision the editor read: absent → create (409 if the
 * slug is taken); stale → 409 with the current runbook. Saving identical content adds no
 * revision. `upsert` (imports) skips the revision check.
 */
export async function saveRunbook(
  input: RunbookInput,
  opts: { expectRevision?: number; message: string; upsert?: boolean; action?: "restore" | "import"; check: RunbookSaveCheck },
  actor: RunbookActor,
  db: PrismaClient = getPrisma(),
): Promise<SaveResult> {
  const content = RunbookInputSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await tx.runbook.findUnique({ where: { slug: content.slug } });
    // The service's rules (./access.ts), on the runbook as this transaction read it.
    const { approvedLinks: approved } = opts.check({ content, current: current ? contentOf(current) : null, teamLabelValue: await teamLabelValue(tx, content.team) });
    if (approved.length > 0) await recordAudit(tx, actor, { action: "runbook.approve-link", targetId: content.slug, after: { team: content.team, links: approved } });
    if (!current) {
      if (opts.expectRevision !== undefined && !opts.upsert) throw new AppError("request:not_found", `No runbook "${content.slug}" (it was deleted or renamed)`);
      const row = await tx.runbook.create({ data: { ...columns(content), revision: 1, createdBy: actor.name, updatedBy: actor.name } });
      await tx.runbookRevision.create({ data: { runbookId: row.id, revision: 1, snapshot: toJson(content), author: actor.name, message: opts.message || "Created" } });
      await recordAudit(tx, actor, { action: opts.action === "import" ? "runbook.import" : "runbook.create", targetId: content.slug, after: { revision: 1, ...content } });
      return { runbook: toRunbook(row), changed: true, created: true };
    }
    if (!opts.upsert) {
      if (opts.expectRevision === undefined) throw new AppError("request:conflict", `slug: a runbook "${content.slug}" exists already`, { current: toRunbook(current) });
      if (opts.expectRevision !== current.revision) {
        throw new AppError("request:conflict", `${current.updatedBy} saved revision ${current.revision} after the revision ${opts.expectRevision} you edited; reload to see their change`, { current: toRunbook(current) });
      }
    }
    if (sameContent(contentOf(current), content)) return { runbook: toRunbook(current), changed: false, created: false };
    const revision = current.revision + 1;
    // The revision in the WHERE makes a concurrent save lose cleanly instead of overwriting.
    const updated = await tx.runbook.updateMany({ where: { id: current.id, revision: current.revision }, data: { ...columns(content), revision, updatedBy: actor.name } });
    if (updated.count !== 1) throw new AppError("request:conflict", `runbook "${content.slug}" changed while saving; reload`);
    await tx.runbookRevision.create({ data: { runbookId: current.id, revision, snapshot: toJson(content), author: actor.name, message: opts.message } });
    await recordAudit(tx, actor, { action: `runbook.${opts.action ?? "update"}`, targetId: content.slug, before: { revision: current.revision, ...contentOf(current) }, after: { revision, ...content } });
    return { runbook: toRunbook(await tx.runbook.findUniqueOrThrow({ where: { id: current.id } })), changed: true, created: false };
  });
}

export async function getRunbook(slug: string, db: PrismaClient = getPrisma()): Promise<Runbook | null> {
  const row = await db.runbook.findUnique({ where: { slug } });
  return row ? toRunbook(row) : null;
}

export async function requireRunbook(slug: string, db: PrismaClient = getPrisma()): Promise<Runbook> {
  const runbook = await getRunbook(slug, db);
  if (!runbook) throw new AppError("request:not_found", `No runbook "${slug}"`);
  return runbook;
}

type RevisionRow = Prisma.RunbookRevisionGetPayload<object>;

function toRevision(r: RevisionRow): RunbookRevision {
  return { revision: r.revision, author: r.author, message: r.message, createdAt: r.createdAt.toISOString(), snapshot: RunbookInputSchema.parse(r.snapshot) };
}

export async function listRevisions(slug: string, db: PrismaClient = getPrisma()): Promise<RunbookRevision[]> {
  const row = await db.runbook.findUnique({ where: { slug }, select: { revisions: { orderBy: { revision: "desc" } } } });
  if (!row) throw new AppError("request:not_found", `No runbook "${slug}"`);
  return row.revisions.map(toRevision);
}

export async function getRevision(slug: string, revision: number, db: PrismaClient = getPrisma()): Promise<RunbookRevision> {
  const found = await db.runbookRevision.findFirst({ where: { revision, runbook: { slug } } });
  if (!found) throw new AppError("request:not_found", `Runbook "${slug}" has no revision ${revision}`);
  return toRevision(found);
}

/** Restore: the old content saved as a new revision (history is never rewritten). */
export async function restoreRevision(slug: string, revision: number, expectRevision: number, actor: RunbookActor, check: RunbookSaveCheck, db: PrismaClient = getPrisma()): Promise<SaveResult> {
  const old = await getRevision(slug, revision, db);
  if (old.snapshot.slug !== slug) throw new AppError("request:unprocessable", `revision ${revision} was saved under the slug "${old.snapshot.slug}"`);
  return saveRunbook(old.snapshot, { expectRevision, message: `Restored revision ${revision}`, action: "restore", check }, actor, db);
}

/** Runbooks linked to an alert name, with what the lookup ranks them by. */
export async function runbooksForAlert(alertname: string, db: PrismaClient = getPrisma()): Promise<Runbook[]> {
  const rows = await db.runbook.findMany({ where: { alertNames: { has: alertname } }, orderBy: { slug: "asc" } });
  return rows.map(toRunbook);
}

/** The team slug whose `team` label value this is (label values may differ from slugs). */
export async function teamSlugsByLabel(db: PrismaClient = getPrisma()): Promise<Map<string, string>> {
  const teams = await db.team.findMany({ select: { slug: true, labelValue: true } });
  return new Map(teams.map((t) => [t.labelValue, t.slug]));
}

/**
 * Full-text search: prefix-matched words against the generated `search` vector (alert
 * names and title weigh most, the body least), an exact alert-name match ranked above
 * everything, then `ts_rank_cd`; highlights from `ts_headline` with \u0002/\u0003 around
 * hits (the page renders them as <mark>, never as HTML). Without words: by recency.
 */
export async function searchRunbooks(filters: SearchFilters, db: PrismaClient = getPrisma()): Promise<RunbookHit[]> {
  const tsq = searchTsQuery(filters.q ?? "");
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.team) where.push(Prisma.sql`r."team" = ${filters.team}`);
  if (filters.severity) where.push(Prisma.sql`r."severity" = ${filters.severity}`);
  if (filters.tag) where.push(Prisma.sql`${filters.tag} = ANY(r."tags")`);
  if (filters.alert) where.push(Prisma.sql`${filters.alert} = ANY(r."alertNames")`);
  const exactName = (filters.q ?? "").trim().toLowerCase();
  const query = tsq ? Prisma.sql`(to_tsquery('english', ${tsq}) || to_tsquery('simple', ${tsq}))` : Prisma.sql`NULL::tsquery`;
  if (tsq) where.push(Prisma.sql`r."search" @@ ${query}`);
  const order =
    filters.sort === "recent" || !tsq
      ? Prisma.sql`r."updatedAt" DESC, r."slug"`
      : Prisma.sql`"exact" DESC, "rank" DESC, r."updatedAt" DESC, r."slug"`;
  const rows = await db.$queryRaw<
    { slug: string; title: string; summary: string; severity: string; team: string | null; tags: string[]; alertNames: string[]; updatedAt: Date; updatedBy: string; rank: number | null; exact: boolean; headline: string | null }[]
  >`
    SELECT r."slug", r."title", r."summary", r."severity", r."team", r."tags", r."alertNames", r."updatedAt", r."updatedBy",
      ${tsq ? Prisma.sql`ts_rank_cd(r."search", ${query})` : Prisma.sql`NULL::real`} AS "rank",
      EXISTS (SELECT 1 FROM unnest(r."alertNames") a WHERE lower(a) = ${exactName}) AS "exact",
      ${tsq ? Prisma.sql`ts_headline('english', translate(r."summary" || E'\n' || r."body", '<>', '‹›'), ${query}, ${HEADLINE_OPTIONS})` : Prisma.sql`NULL::text`} AS "headline"
    FROM "runbooks" r
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY ${order}
    LIMIT ${Math.min(filters.limit ?? 50, 200)}`;
  return rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    severity: r.severity,
    team: r.team,
    tags: r.tags,
    alertNames: r.alertNames,
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: r.updatedBy,
    rank: r.rank === null ? null : Number(r.rank),
    exactAlert: r.exact,
    headline: r.headline,
  }));
}

const HEADLINE_OPTIONS = `StartSel=${HIT_START}, StopSel=${HIT_STOP}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "`;

/** The facets the search page filters by: teams, tags and linked alert names in use. */
export async function runbookFacets(db: PrismaClient = getPrisma()): Promise<{ teams: string[]; tags: string[]; alerts: string[] }> {
  const rows = await db.runbook.findMany({ select: { team: true, tags: true, alertNames: true } });
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort();
  return { teams: uniq(rows.map((r) => r.team)), tags: uniq(rows.flatMap((r) => r.tags)), alerts: uniq(rows.flatMap((r) => r.alertNames)) };
}

export interface ImportSummary {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Runbooks as code: upsert each by slug, a revision only where the content changed.
 * `onlyNew` (the seed) creates missing runbooks and leaves existing ones as edited.
 */
export async function importRunbooks(
  inputs: RunbookInput[],
  actor: RunbookActor,
  message: string,
  opts: { check: RunbookSaveCheck; onlyNew?: boolean; db?: PrismaClient },
): Promise<ImportSummary> {
  const db = opts.db ?? getPrisma();
  const summary: ImportSummary = { created: [], updated: [], unchanged: [] };
  for (const input of inputs) {
    if (opts.onlyNew && (await db.runbook.findUnique({ where: { slug: input.slug }, select: { id: true } }))) {
      summary.unchanged.push(input.slug);
      continue;
    }
    const result = await saveRunbook(input, { message, upsert: true, action: "import", check: opts.check }, actor, db);
    (result.created ? summary.created : result.changed ? summary.updated : summary.unchanged).push(input.slug);
  }
  return summary;
}

export async function allRunbooks(db: PrismaClient = getPrisma()): Promise<Runbook[]> {
  return (await db.runbook.findMany({ orderBy: { slug: "asc" } })).map(toRunbook);
}
