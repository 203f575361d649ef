import "server-only";
import type { Annotation, AnnotationInput } from "@/lib/annotations/schema";
import type { AuditActor } from "@/lib/audit/model";
import { recordAudit } from "@/lib/audit/repo";
import { getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";

type Row = { id: string; startsAt: Date; endsAt: Date | null; text: string; tags: string[]; dashboardId: string | null; authorName: string; createdAt: Date };

function toAnnotation(r: Row): Annotation {
  return {
    id: r.id,
    startsAt: r.startsAt.getTime(),
    endsAt: r.endsAt?.getTime() ?? null,
    text: r.text,
    tags: r.tags,
    dashboardId: r.dashboardId,
    authorName: r.authorName,
    createdAt: r.createdAt.getTime(),
    kind: "annotation",
  };
}

/** Writes one, with its audit record; a token's annotation keeps the token's name as author. */
export async function createAnnotation(input: AnnotationInput, actor: AuditActor, db: PrismaClient = getPrisma()): Promise<Annotation> {
  return db.$transaction(async (tx) => {
    const row = await tx.annotation.create({
      data: {
        startsAt: new Date(input.startsAt),
        endsAt: input.endsAt === null || input.endsAt === undefined ? null : new Date(input.endsAt),
        text: input.text,
        tags: input.tags,
        dashboardId: input.dashboardId ?? null,
        authorId: actor.kind === "session" ? actor.id : null,
        authorName: actor.name,
      },
    });
    const annotation = toAnnotation(row);
    await recordAudit(tx, actor, { action: "annotation.create", targetId: row.id, after: annotation });
    return annotation;
  });
}

/** Annotations that touch [from, to] (a range overlapping it, or a point in it), for one dashboard or all. */
export async function listAnnotations(q: { from: number; to: number; dashboardId?: string }, db: PrismaClient = getPrisma()): Promise<Annotation[]> {
  const from = new Date(q.from);
  const to = new Date(q.to);
  const rows = await db.annotation.findMany({
    where: {
      startsAt: { lte: to },
      OR: [{ endsAt: { gte: from } }, { endsAt: null, startsAt: { gte: from } }],
      ...(q.dashboardId ? { AND: [{ OR: [{ dashboardId: q.dashboardId }, { dashboardId: null }] }] } : {}),
    },
    orderBy: { startsAt: "asc" },
    take: 500,
  });
  return rows.map(toAnnotation);
}

/** Deletes one, with its audit record; false when there was none. */
export async function deleteAnnotation(id: string, actor: AuditActor, db: PrismaClient = getPrisma()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await tx.annotation.findUnique({ where: { id } });
    if (!row) return false;
    await tx.annotation.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "annotation.delete", targetId: id, before: toAnnotation(row) });
    return true;
  });
}
