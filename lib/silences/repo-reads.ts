import "server-only";
import { AppError } from "@/lib/api/errors";
import { readJson } from "@/lib/db/json";
import { silenceState, silenceVisibleTo, StoredMatchersSchema, type SilenceState, type SilenceView } from "@/lib/silences/schema";
import { getPrisma } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";

/** Silences as the console reads them: one with its history, lists by state, states by id (writes: ./silences.ts). */
export const WITH_SYNCS = { syncs: { orderBy: { alertmanager: "asc" as const } } } as const;
export type Row = Prisma.SilenceGetPayload<{ include: typeof WITH_SYNCS }>;

export function toView(r: Row, nowMs = Date.now()): SilenceView {
  return {
    id: r.id,
    matchers: readJson(StoredMatchersSchema, r.matchers, `silence ${r.id} matchers`),
    startsAt: r.startsAt.getTime(),
    endsAt: r.endsAt.getTime(),
    comment: r.comment,
    ticketUrl: r.ticketUrl,
    origin: r.origin === "external" ? "external" : "console",
    state: silenceState({ startsAt: r.startsAt.getTime(), endsAt: r.endsAt.getTime(), expiredAt: r.expiredAt?.getTime() ?? null }, nowMs),
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    expiredBy: r.expiredBy,
    expiredAt: r.expiredAt?.getTime() ?? null,
    version: r.version,
    replacedById: r.replacedById,
    createdAt: r.createdAt.getTime(),
    updatedAt: r.updatedAt.getTime(),
    sync: r.syncs.map((s) => ({ alertmanager: s.alertmanager, amId: s.amId, pastIds: s.pastIds, state: s.state as "pending" | "synced" | "error", lastError: s.lastError })),
  };
}

export async function current(id: string, db: PrismaClient | Prisma.TransactionClient): Promise<Row> {
  const row = await db.silence.findUnique({ where: { id }, include: WITH_SYNCS });
  if (!row) throw new AppError("request:not_found", `No silence ${id}`);
  return row;
}

export async function getSilence(id: string, db: PrismaClient = getPrisma()) {
  const row = await current(id, db);
  const events = await db.silenceEvent.findMany({ where: { silenceId: id }, orderBy: { at: "asc" } });
  return { silence: toView(row), history: events.map((e) => ({ action: e.action, by: e.by, at: e.at.getTime(), before: e.before, after: e.after })) };
}

/**
 * Silences by state, newest first; `q` searches matchers, comment and author; a scoped
 * actor sees their teams' silences (those with an equality matcher on their team).
 */
export async function listSilences(
  q: { state?: SilenceState; q?: string; scope: string[] | null; scopeLabel: string; limit?: number },
  db: PrismaClient = getPrisma(),
): Promise<SilenceView[]> {
  const now = new Date();
  const where: Prisma.SilenceWhereInput =
    q.state === "expired"
      ? { OR: [{ expiredAt: { not: null } }, { endsAt: { lte: now } }] }
      : q.state === "pending"
        ? { expiredAt: null, endsAt: { gt: now }, startsAt: { gt: now } }
        : q.state === "active"
          ? { expiredAt: null, endsAt: { gt: now }, startsAt: { lte: now } }
          : {};
  const rows = await db.silence.findMany({ where, include: WITH_SYNCS, orderBy: { updatedAt: "desc" }, take: Math.min(q.limit ?? 500, 1000) });
  const needle = q.q?.trim().toLowerCase();
  return rows
    .map((r) => toView(r))
    .filter((s) => silenceVisibleTo(s, q.scope, q.scopeLabel))
    .filter((s) => !needle || [s.comment, s.createdBy, ...s.matchers.map((m) => `${m.name}${m.isEqual ? "" : "!"}${m.isRegex ? "=~" : "="}${m.value}`)].some((t) => t.toLowerCase().includes(needle)) || s.id === q.q?.trim());
}

/** The state of each of these silences now (for the occurrences of maintenance windows). */
export async function silenceStates(ids: string[], nowMs = Date.now(), db: PrismaClient = getPrisma()): Promise<Map<string, SilenceState>> {
  if (ids.length === 0) return new Map();
  const rows = await db.silence.findMany({ where: { id: { in: ids } }, select: { id: true, startsAt: true, endsAt: true, expiredAt: true, version: true } });
  return new Map(rows.map((r) => [r.id, silenceState({ startsAt: r.startsAt.getTime(), endsAt: r.endsAt.getTime(), expiredAt: r.expiredAt?.getTime() ?? null }, nowMs)]));
}

/** A silence's current version (to expire it), or null when there is none. */
export async function silenceVersion(id: string, db: PrismaClient = getPrisma()): Promise<number | null> {
  return (await db.silence.findUnique({ where: { id }, select: { version: true } }))?.version ?? null;
}

/** The console's silence behind each Alertmanager silence id (its copy now, or one it had before), as a lookup. */
export async function consoleSilenceIds(amIds: string[], db: PrismaClient = getPrisma()): Promise<(amId: string) => string | null> {
  if (amIds.length === 0) return () => null;
  const syncs = await db.silenceSync.findMany({ where: { OR: [{ amId: { in: amIds } }, { pastIds: { hasSome: amIds } }] }, select: { silenceId: true, amId: true, pastIds: true } });
  return (amId) => syncs.find((s) => s.amId === amId || s.pastIds.includes(amId))?.silenceId ?? null;
}
