import "server-only";
import { AppError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/model";
import type { MaintenanceEdit, MaintenanceInput, MaintenanceWindow } from "@/lib/maintenance/model";
import { ScheduleSchema } from "./schedule";
import { StoredMatchersSchema } from "@/lib/silences/schema";
import { recordAudit } from "@/lib/audit/repo";
import { getPrisma } from "@/lib/db/client";
import { readJson, toJson } from "@/lib/db/json";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";

/** Maintenance windows in Postgres, and the occurrences the console has made silences for. */
export type WindowRow = MaintenanceWindow;

export interface OccurrenceRow {
  windowId: string;
  startsAt: number;
  endsAt: number;
  silenceId: string | null;
  lastError: string | null;
}

type Db = PrismaClient | Prisma.TransactionClient;
type Raw = Prisma.MaintenanceWindowGetPayload<object>;

function toRow(r: Raw): WindowRow {
  return {
    id: r.id,
    name: r.name,
    matchers: readJson(StoredMatchersSchema, r.matchers, `maintenance window ${r.id} matchers`),
    schedule: readJson(ScheduleSchema, r.schedule, `maintenance window ${r.id} schedule`),
    comment: r.comment,
    until: r.until?.getTime() ?? null,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    version: r.version,
    createdAt: r.createdAt.getTime(),
    updatedAt: r.updatedAt.getTime(),
  };
}

const toOccurrence = (o: { windowId: string; startsAt: Date; endsAt: Date; silenceId: string | null; lastError: string | null }): OccurrenceRow => ({
  windowId: o.windowId,
  startsAt: o.startsAt.getTime(),
  endsAt: o.endsAt.getTime(),
  silenceId: o.silenceId,
  lastError: o.lastError,
});

function fields(input: MaintenanceInput) {
  return {
    name: input.name,
    matchers: toJson(input.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual }))),
    schedule: toJson(input.schedule),
    comment: input.comment,
    until: input.until ? new Date(input.until) : null,
  };
}

const snapshot = (w: WindowRow) => ({ name: w.name, matchers: w.matchers, schedule: w.schedule, comment: w.comment, until: w.until });

export async function createWindow(input: MaintenanceInput, actor: AuditActor, extra: { confirmation?: unknown } = {}, db: PrismaClient = getPrisma()): Promise<WindowRow> {
  return db.$transaction(async (tx) => {
    const row = toRow(await tx.maintenanceWindow.create({ data: { ...fields(input), createdBy: actor.name, updatedBy: actor.name } }));
    await recordAudit(tx, actor, { action: "maintenance.create", targetId: row.id, after: { ...snapshot(row), ...extra } });
    return row;
  });
}

async function live(id: string, db: Db): Promise<WindowRow> {
  const row = await db.maintenanceWindow.findFirst({ where: { id, deletedAt: null } });
  if (!row) throw new AppError("request:not_found", `No maintenance window ${id}`);
  return toRow(row);
}

export const getWindow = (id: string, db: PrismaClient = getPrisma()) => live(id, db);

function conflict(row: WindowRow, sent: number): AppError {
  return new AppError("request:conflict", `Maintenance window ${row.id} was changed by ${row.updatedBy} (now version ${row.version}, you read ${sent}); nothing was saved`, { current: row });
}

/** Saves an edit made on `version` (compare-and-set); returns the window before and after. */
export async function updateWindow(id: string, edit: MaintenanceEdit, actor: AuditActor, extra: { confirmation?: unknown } = {}, db: PrismaClient = getPrisma()) {
  return db.$transaction(async (tx) => {
    const before = await live(id, tx);
    if (before.version !== edit.version) throw conflict(before, edit.version);
    const done = await tx.maintenanceWindow.updateMany({ where: { id, version: edit.version, deletedAt: null }, data: { ...fields(edit), updatedBy: actor.name, version: { increment: 1 } } });
    if (done.count !== 1) throw conflict(await live(id, tx), edit.version);
    const after = await live(id, tx);
    await recordAudit(tx, actor, { action: "maintenance.update", targetId: id, before: snapshot(before), after: { ...snapshot(after), ...extra } });
    return { before, after };
  });
}

export async function deleteWindow(id: string, version: number, actor: AuditActor, db: PrismaClient = getPrisma()): Promise<WindowRow> {
  return db.$transaction(async (tx) => {
    const row = await live(id, tx);
    if (row.version !== version) throw conflict(row, version);
    await tx.maintenanceWindow.update({ where: { id }, data: { deletedAt: new Date(), deletedBy: actor.name, updatedBy: actor.name, version: { increment: 1 } } });
    await recordAudit(tx, actor, { action: "maintenance.delete", targetId: id, before: snapshot(row) });
    return row;
  });
}

export async function listWindows(db: PrismaClient = getPrisma()): Promise<WindowRow[]> {
  return (await db.maintenanceWindow.findMany({ where: { deletedAt: null }, orderBy: { createdAt: "asc" }, take: 1000 })).map(toRow);
}

/** Occurrences that end after `fromMs` and start before `toMs` (all windows, or one). */
export async function listOccurrences(q: { fromMs: number; toMs: number; windowId?: string }, db: PrismaClient = getPrisma()): Promise<OccurrenceRow[]> {
  const rows = await db.maintenanceOccurrence.findMany({
    where: { endsAt: { gt: new Date(q.fromMs) }, startsAt: { lt: new Date(q.toMs) }, ...(q.windowId ? { windowId: q.windowId } : {}) },
    orderBy: { startsAt: "asc" },
    take: 2000,
  });
  return rows.map(toOccurrence);
}

/** A pass that claimed an occurrence and made no silence nor recorded an error within this long has died. */
export const CLAIM_STALE_MS = 5 * 60_000;

/**
 * Claims an occurrence for this pass: a new one, or one an earlier pass left without a
 * silence (its attempt failed, or the pass died more than CLAIM_STALE_MS ago). False when it
 * has its silence or another pass holds it: the row lock of the update lets one pass win.
 */
export async function claimOccurrence(windowId: string, startsAt: number, endsAt: number, nowMs: number, db: PrismaClient = getPrisma()): Promise<boolean> {
  const claimedAt = new Date(nowMs);
  const made = await db.maintenanceOccurrence.createMany({ data: [{ windowId, startsAt: new Date(startsAt), endsAt: new Date(endsAt), claimedAt }], skipDuplicates: true });
  if (made.count === 1) return true;
  const retried = await db.maintenanceOccurrence.updateMany({
    where: { windowId, startsAt: new Date(startsAt), silenceId: null, OR: [{ lastError: { not: null } }, { claimedAt: { lt: new Date(nowMs - CLAIM_STALE_MS) } }] },
    data: { lastError: null, claimedAt },
  });
  return retried.count === 1;
}

export async function recordOccurrence(windowId: string, startsAt: number, result: { silenceId: string } | { error: string }, db: PrismaClient = getPrisma()): Promise<void> {
  await db.maintenanceOccurrence.update({
    where: { windowId_startsAt: { windowId, startsAt: new Date(startsAt) } },
    data: "silenceId" in result ? { silenceId: result.silenceId, lastError: null } : { lastError: result.error },
  });
}

/** Forgets occurrences (not yet begun) of a window that changed: made again from its new schedule. */
export async function dropOccurrences(windowId: string, startsAt: number[], db: PrismaClient = getPrisma()): Promise<void> {
  if (startsAt.length === 0) return;
  await db.maintenanceOccurrence.deleteMany({ where: { windowId, startsAt: { in: startsAt.map((t) => new Date(t)) } } });
}
