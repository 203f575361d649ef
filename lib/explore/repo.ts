import "server-only";
import { HISTORY_LIMIT, type HistoryEntry, type HistoryInput } from "@/lib/explore/schema";
import { getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";

/** Records a run: the same expression again moves to the top and counts; beyond the limit the oldest go. */
export async function recordQuery(userId: string, input: HistoryInput, db: PrismaClient = getPrisma(), now: Date = new Date()): Promise<HistoryEntry> {
  const row = await db.$transaction(async (tx) => {
    const saved = await tx.queryHistory.upsert({
      where: { userId_datasource_expr: { userId, datasource: input.datasource, expr: input.expr } },
      update: { runCount: { increment: 1 }, lastRunAt: now },
      create: { userId, datasource: input.datasource, expr: input.expr, lastRunAt: now },
    });
    const stale = await tx.queryHistory.findMany({ where: { userId }, orderBy: { lastRunAt: "desc" }, skip: HISTORY_LIMIT, select: { id: true } });
    if (stale.length > 0) await tx.queryHistory.deleteMany({ where: { id: { in: stale.map((s) => s.id) } } });
    return saved;
  });
  return { datasource: row.datasource, expr: row.expr, runCount: row.runCount, lastRunAt: row.lastRunAt.getTime() };
}

/** A user's history, newest first. */
export async function listHistory(userId: string, db: PrismaClient = getPrisma()): Promise<HistoryEntry[]> {
  const rows = await db.queryHistory.findMany({ where: { userId }, orderBy: { lastRunAt: "desc" }, take: HISTORY_LIMIT });
  return rows.map((r) => ({ datasource: r.datasource, expr: r.expr, runCount: r.runCount, lastRunAt: r.lastRunAt.getTime() }));
}

export async function clearHistory(userId: string, db: PrismaClient = getPrisma()): Promise<number> {
  return (await db.queryHistory.deleteMany({ where: { userId } })).count;
}
