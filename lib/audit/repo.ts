import "server-only";
import { redactPair, type AuditActor, type AuditEntry, type AuditEventView, type AuditFilters } from "@/lib/audit/model";
import { getPrisma } from "@/lib/db/client";
import { toJson } from "@/lib/db/json";
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";

type Db = PrismaClient | Prisma.TransactionClient;

const json = (v: unknown) => (v === undefined || v === null ? Prisma.DbNull : toJson(v));

/**
 * Records one write. Call it with the transaction that makes the write, so the change
 * and its record land together or not at all.
 */
export async function recordAudit(db: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  const { before, after } = redactPair(entry.before, entry.after);
  await db.auditEvent.create({
    data: {
      actorKind: actor.kind,
      actorId: actor.id,
      actorName: actor.name,
      action: entry.action,
      targetType: entry.action.split(".")[0]!,
      targetId: entry.targetId,
      before: json(before),
      after: json(after),
    },
  });
}

type Row = Prisma.AuditEventGetPayload<object>;

function view(r: Row): AuditEventView {
  return {
    id: r.id.toString(),
    at: r.at.getTime(),
    actorKind: r.actorKind as AuditActor["kind"],
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    before: r.before,
    after: r.after,
  };
}

/** Newest first, filtered; `next` is the cursor of the following page (null at the end). */
export async function listAudit(f: AuditFilters, db: PrismaClient = getPrisma()): Promise<{ events: AuditEventView[]; next: string | null }> {
  const rows = await db.auditEvent.findMany({
    where: {
      ...(f.actor ? { actorName: { contains: f.actor, mode: "insensitive" } } : {}),
      ...(f.action ? { action: f.action.includes(".") ? f.action : { startsWith: `${f.action}.` } } : {}),
      ...(f.targetType ? { targetType: f.targetType } : {}),
      ...(f.targetId ? { targetId: f.targetId } : {}),
      ...(f.from || f.to ? { at: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lte: new Date(f.to) } : {}) } } : {}),
      ...(f.before ? { id: { lt: BigInt(f.before) } } : {}),
    },
    orderBy: { id: "desc" },
    take: f.limit + 1,
  });
  const events = rows.slice(0, f.limit).map(view);
  return { events, next: rows.length > f.limit ? events.at(-1)!.id : null };
}

/** The distinct actions recorded (for the filter's choices). */
export async function auditActions(db: PrismaClient = getPrisma()): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
