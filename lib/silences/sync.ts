import "server-only";
import type { Matcher } from "@/lib/alerting/silences";
import { amExpireSilence, amListSilences, amPostSilence, type AmSilence } from "@/lib/alertmanager/silence-api";
import { getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { sameMatchers } from "./schema";

/**
 * Keeps every configured Alertmanager in step with Postgres, the source of truth:
 * - a silence active in Postgres exists in each Alertmanager (created, updated, or
 *   recreated with its new id recorded when the Alertmanager lost it);
 * - a silence expired in Postgres is expired there;
 * - a silence found in an Alertmanager that the console does not know (amtool, its UI)
 *   is imported as external, never hidden or deleted;
 * - one copy per silence per Alertmanager: ids it ever had (in any Alertmanager, since
 *   an HA cluster gossips them) are adopted, not duplicated.
 * An Alertmanager that does not answer leaves its rows pending with the error; the next
 * pass (every SILENCE_SYNC_INTERVAL_MS, and after every write) retries.
 */
export interface SyncReport {
  alertmanager: string;
  error: string | null;
  created: number;
  recreated: number;
  updated: number;
  expired: number;
  imported: number;
  expiredInAlertmanager: number;
  unchanged: number;
}

/** Who the console names as the author in Alertmanager and in the history. */
const SYNC_ACTOR = "console sync";
/** What the console considers equal in time (Alertmanager keeps ms; JSON round trips may not). */
const SAME_MS = 1_000;

let running: Promise<SyncReport[]> | null = null;

/** One pass at a time in this process; a call during a pass waits for it and starts another. */
export async function reconcile(opts: { alertmanagers: string[]; nowMs?: () => number }, db: PrismaClient = getPrisma()): Promise<SyncReport[]> {
  while (running) await running.catch(() => undefined);
  running = pass(opts.alertmanagers, opts.nowMs ?? Date.now, db);
  try {
    return await running;
  } finally {
    running = null;
  }
}

async function pass(alertmanagers: string[], now: () => number, db: PrismaClient): Promise<SyncReport[]> {
  const reports: SyncReport[] = [];
  for (const am of alertmanagers) reports.push(await syncOne(am, now, db));
  return reports;
}

type Loaded = Awaited<ReturnType<typeof load>>[number];

/** Silences that may need work: not long expired, or with a copy not yet written. */
function load(db: PrismaClient, nowMs: number) {
  return db.silence.findMany({
    where: { OR: [{ endsAt: { gt: new Date(nowMs - 86_400_000) } }, { syncs: { some: { state: { not: "synced" } } } }] },
    include: { syncs: true },
  });
}

async function syncOne(am: string, now: () => number, db: PrismaClient): Promise<SyncReport> {
  const report: SyncReport = { alertmanager: am, error: null, created: 0, recreated: 0, updated: 0, expired: 0, imported: 0, expiredInAlertmanager: 0, unchanged: 0 };
  const silences = await load(db, now());
  // A copy row for every silence in this Alertmanager (one added to the configuration gets them all).
  const missing = silences.filter((s) => !s.syncs.some((x) => x.alertmanager === am));
  if (missing.length > 0) {
    await db.silenceSync.createMany({ data: missing.map((s) => ({ silenceId: s.id, alertmanager: am })), skipDuplicates: true });
    for (const s of missing) s.syncs.push({ silenceId: s.id, alertmanager: am, amId: null, pastIds: [], state: "pending", attempts: 0, lastError: null, lastAttemptAt: null, syncedAt: null });
  }

  let listed: AmSilence[];
  try {
    listed = await amListSilences(am);
  } catch (error) {
    report.error = (error as Error).message;
    await db.silenceSync.updateMany({
      where: { alertmanager: am, state: { not: "synced" } },
      data: { state: "error", lastError: report.error, lastAttemptAt: new Date(now()), attempts: { increment: 1 } },
    });
    return report;
  }
  const byId = new Map(listed.map((s) => [s.id, s]));
  // Every id the console has ever recorded, in any Alertmanager: gossip copies are ours.
  const known = new Set(silences.flatMap((s) => s.syncs.flatMap((x) => [x.amId, ...x.pastIds]).filter((id): id is string => !!id)));

  for (const s of silences) {
    const sync = s.syncs.find((x) => x.alertmanager === am)!;
    const ours = new Set(s.syncs.flatMap((x) => [x.amId, ...x.pastIds]).filter((id): id is string => !!id));
    try {
      await syncSilence(am, s, sync, byId, ours, now, db, report);
    } catch (error) {
      await db.silenceSync.update({
        where: { silenceId_alertmanager: { silenceId: s.id, alertmanager: am } },
        data: { state: "error", lastError: (error as Error).message, lastAttemptAt: new Date(now()), attempts: { increment: 1 } },
      });
    }
  }

  // What this Alertmanager has that nobody recorded: made with amtool or its UI. Import it.
  const recorded = new Set([...known, ...(await db.silenceSync.findMany({ where: { alertmanager: am }, select: { amId: true } })).map((x) => x.amId)]);
  for (const a of listed) {
    if (a.status.state === "expired" || recorded.has(a.id)) continue;
    await importExternal(am, a, db);
    report.imported++;
  }
  return report;
}

async function syncSilence(
  am: string,
  s: Loaded,
  sync: Loaded["syncs"][number],
  byId: Map<string, AmSilence>,
  ours: Set<string>,
  now: () => number,
  db: PrismaClient,
  report: SyncReport,
) {
  const nowMs = now();
  const matchers = s.matchers as unknown as Matcher[];
  const wantActive = s.expiredAt === null && s.endsAt.getTime() > nowMs;
  // Its copy here: the id recorded for this Alertmanager, else one of its ids gossiped from another.
  const copy = (sync.amId ? byId.get(sync.amId) : undefined) ?? [...ours].map((id) => byId.get(id)).find((c) => c && c.status.state !== "expired");
  const record = async (amId: string | null, extra: { pastId?: string | null } = {}) => {
    const past = new Set(sync.pastIds);
    if (sync.amId && sync.amId !== amId) past.add(sync.amId);
    if (extra.pastId) past.add(extra.pastId);
    if (amId) past.delete(amId);
    await db.silenceSync.update({
      where: { silenceId_alertmanager: { silenceId: s.id, alertmanager: am } },
      data: { amId, pastIds: [...past], state: "synced", lastError: null, lastAttemptAt: new Date(nowMs), syncedAt: new Date(nowMs) },
    });
  };

  if (!wantActive) {
    if (copy && copy.status.state !== "expired") {
      await amExpireSilence(am, copy.id);
      report.expired++;
    } else report.unchanged++;
    if (sync.state !== "synced" || (copy && sync.amId !== copy.id)) await record(copy?.id ?? sync.amId);
    return;
  }

  if (copy && copy.status.state !== "expired") {
    const same =
      sameMatchers(copy.matchers, matchers) &&
      Math.abs(Date.parse(copy.endsAt) - s.endsAt.getTime()) < SAME_MS &&
      copy.comment === s.comment;
    if (same) {
      report.unchanged++;
      if (sync.state !== "synced" || sync.amId !== copy.id) await record(copy.id);
      return;
    }
    const id = await amPostSilence(am, { id: copy.id, matchers, startsAt: s.startsAt, endsAt: s.endsAt, createdBy: s.updatedBy, comment: s.comment });
    report.updated++;
    await record(id, { pastId: copy.id });
    return;
  }

  if (copy && copy.status.state === "expired" && sync.state === "synced" && sync.amId === copy.id && Date.parse(copy.endsAt) < s.endsAt.getTime() - SAME_MS) {
    // Expired in Alertmanager itself (amtool, its UI) before its end, with nothing pending here: respect it.
    await db.silence.update({ where: { id: s.id }, data: { expiredAt: new Date(Date.parse(copy.endsAt)), expiredBy: "Alertmanager (amtool or its UI)", version: { increment: 1 }, updatedBy: SYNC_ACTOR } });
    await db.silenceEvent.create({ data: { silenceId: s.id, action: "expired-in-alertmanager", by: SYNC_ACTOR, after: { alertmanager: am, amId: copy.id } } });
    report.expiredInAlertmanager++;
    await record(copy.id);
    return;
  }

  // Not there (never written, or the Alertmanager lost its state): create it, keep the new id.
  const startsAt = new Date(Math.max(s.startsAt.getTime(), nowMs));
  const id = await amPostSilence(am, { matchers, startsAt, endsAt: s.endsAt, createdBy: s.createdBy, comment: s.comment });
  const wasThere = sync.amId !== null;
  if (wasThere) {
    report.recreated++;
    await db.silenceEvent.create({ data: { silenceId: s.id, action: "recreated", by: SYNC_ACTOR, after: { alertmanager: am, lostId: sync.amId, newId: id } } });
  } else report.created++;
  await record(id);
}

async function importExternal(am: string, a: AmSilence, db: PrismaClient) {
  const alertmanagers = (await db.silenceSync.findMany({ distinct: ["alertmanager"], select: { alertmanager: true } })).map((x) => x.alertmanager);
  const others = alertmanagers.filter((x) => x !== am);
  const matchers = a.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual }));
  await db.silence.create({
    data: {
      matchers,
      startsAt: new Date(a.startsAt),
      endsAt: new Date(a.endsAt),
      comment: a.comment,
      origin: "external",
      createdBy: a.createdBy,
      updatedBy: a.createdBy,
      syncs: {
        create: [
          { alertmanager: am, amId: a.id, state: "synced", syncedAt: new Date() },
          ...others.map((alertmanager) => ({ alertmanager })),
        ],
      },
      events: { create: { action: "imported", by: SYNC_ACTOR, after: { alertmanager: am, amId: a.id, createdBy: a.createdBy } } },
    },
  });
}
