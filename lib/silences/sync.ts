import "server-only";
import type { Matcher } from "@/lib/alerting/silences";
import { amExpireSilence, amListSilences, amPostSilence, type AmSilence } from "@/lib/alertmanager/silence-api";
import { getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { LOCKS, withAdvisoryLock } from "@/lib/db/lock";
import { consoleSilenceId, markedComment, sameMatchers } from "./schema";

/**
 * Keeps every configured Alertmanager in step with Postgres, the source of truth:
 * - a silence active in Postgres exists in each Alertmanager (created, updated, or
 *   recreated with its new id recorded when the Alertmanager lost it);
 * - a silence expired in Postgres is expired there;
 * - a silence found in an Alertmanager that the console does not know (amtool, its UI)
 *   is imported as external, never hidden or deleted;
 * - one copy per silence per Alertmanager: every copy the console writes names its silence
 *   in its comment (schema.ts' markedComment), so a copy whose id was never recorded (the
 *   console died mid-write) is adopted, and a second copy is expired; ids it ever had
 *   (in any Alertmanager, since an HA cluster gossips them) are adopted too;
 * - one pass at a time across every process and replica on the database (a PostgreSQL
 *   advisory lock), each pass reading Postgres after it holds the lock.
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
  /** Second copies of one silence in this Alertmanager, expired. */
  duplicatesExpired: number;
  /** Copies naming a console silence this database does not have (another console's): left alone. */
  foreign: number;
  unchanged: number;
}

/** Who the console names as the author in Alertmanager and in the history. */
const SYNC_ACTOR = "console sync";
/** What the console considers equal in time (Alertmanager keeps ms; JSON round trips may not). */
const SAME_MS = 1_000;
/** How long a client's idempotency key is kept (a retry later than this makes a new silence). */
const IDEMPOTENCY_KEEP_MS = 86_400_000;

/** This process' pass (the module may be bundled more than once: the lock is what orders passes). */
const local = globalThis as unknown as { silenceSyncRunning?: Promise<SyncReport[]> | null };

/**
 * One pass at a time: in this process a call during a pass waits for it and starts
 * another; across processes and replicas the advisory lock makes the others wait.
 */
export async function reconcile(opts: { alertmanagers: string[]; nowMs?: () => number; before?: () => Promise<void> }, db: PrismaClient = getPrisma()): Promise<SyncReport[]> {
  while (local.silenceSyncRunning) await local.silenceSyncRunning.catch(() => undefined);
  const running = withAdvisoryLock(LOCKS.silenceSync, async () => {
    await opts.before?.();
    return pass(opts.alertmanagers, opts.nowMs ?? Date.now, db);
  });
  local.silenceSyncRunning = running;
  try {
    return await running;
  } finally {
    if (local.silenceSyncRunning === running) local.silenceSyncRunning = null;
  }
}

async function pass(alertmanagers: string[], now: () => number, db: PrismaClient): Promise<SyncReport[]> {
  const reports: SyncReport[] = [];
  for (const am of alertmanagers) reports.push(await syncOne(am, now, db));
  await db.idempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now() - IDEMPOTENCY_KEEP_MS) } } });
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

/** The comment a silence's copy carries: console silences name themselves; imported ones keep theirs. */
const commentInAm = (s: Pick<Loaded, "id" | "comment" | "origin">) => (s.origin === "external" ? s.comment : markedComment(s.comment, s.id));

async function syncOne(am: string, now: () => number, db: PrismaClient): Promise<SyncReport> {
  const report: SyncReport = { alertmanager: am, error: null, created: 0, recreated: 0, updated: 0, expired: 0, imported: 0, expiredInAlertmanager: 0, duplicatesExpired: 0, foreign: 0, unchanged: 0 };
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
  const byMark = new Map<string, AmSilence[]>();
  for (const a of listed) {
    const id = consoleSilenceId(a.comment);
    if (id) byMark.set(id, [...(byMark.get(id) ?? []), a]);
  }
  // Every id the console has ever recorded, in any Alertmanager: gossip copies are ours.
  const known = new Set(silences.flatMap((s) => s.syncs.flatMap((x) => [x.amId, ...x.pastIds]).filter((id): id is string => !!id)));

  for (const s of silences) {
    const sync = s.syncs.find((x) => x.alertmanager === am)!;
    const ids = new Set(s.syncs.flatMap((x) => [x.amId, ...x.pastIds]).filter((id): id is string => !!id));
    // Its copies here: by an id it had, or by its name in the comment.
    const copies = [...new Map([...[...ids].map((id) => byId.get(id)), ...(byMark.get(s.id) ?? [])].filter((c): c is AmSilence => !!c).map((c) => [c.id, c])).values()];
    try {
      await syncSilence(am, s, sync, copies, now, db, report);
    } catch (error) {
      await db.silenceSync.update({
        where: { silenceId_alertmanager: { silenceId: s.id, alertmanager: am } },
        data: { state: "error", lastError: (error as Error).message, lastAttemptAt: new Date(now()), attempts: { increment: 1 } },
      });
    }
  }

  // What this Alertmanager has that nobody recorded.
  const loaded = new Set(silences.map((s) => s.id));
  const recorded = new Set([...known, ...(await db.silenceSync.findMany({ where: { alertmanager: am }, select: { amId: true } })).map((x) => x.amId)]);
  for (const a of listed) {
    if (a.status.state === "expired" || recorded.has(a.id)) continue;
    const owner = consoleSilenceId(a.comment);
    if (owner === null) {
      // Made with amtool or its UI: import it.
      await importExternal(am, a, db);
      report.imported++;
    } else if (!loaded.has(owner)) {
      // A console copy of a silence long over here (an old snapshot restored): expire it; one of another console's database: leave it.
      const row = await db.silence.findUnique({ where: { id: owner }, select: { id: true } });
      if (row) {
        await amExpireSilence(am, a.id);
        report.expired++;
      } else report.foreign++;
    }
  }
  return report;
}

async function syncSilence(am: string, s: Loaded, sync: Loaded["syncs"][number], copies: AmSilence[], now: () => number, db: PrismaClient, report: SyncReport) {
  const nowMs = now();
  const matchers = s.matchers as unknown as Matcher[];
  const wantActive = s.expiredAt === null && s.endsAt.getTime() > nowMs;
  const live = copies.filter((c) => c.status.state !== "expired");
  const record = async (amId: string | null, extra: { pastIds?: string[] } = {}) => {
    const past = new Set([...sync.pastIds, ...(extra.pastIds ?? [])]);
    if (sync.amId && sync.amId !== amId) past.add(sync.amId);
    if (amId) past.delete(amId);
    await db.silenceSync.update({
      where: { silenceId_alertmanager: { silenceId: s.id, alertmanager: am } },
      data: { amId, pastIds: [...past], state: "synced", lastError: null, lastAttemptAt: new Date(nowMs), syncedAt: new Date(nowMs) },
    });
  };

  if (!wantActive) {
    // Expired means expired: every copy of it here, recorded or not.
    for (const c of live) await amExpireSilence(am, c.id);
    if (live.length > 0) report.expired++;
    else report.unchanged++;
    const last = live.find((c) => c.id === sync.amId) ?? live[0];
    if (sync.state !== "synced" || (last && sync.amId !== last.id)) await record(last?.id ?? sync.amId, { pastIds: live.map((c) => c.id) });
    return;
  }

  // One copy kept (the recorded one if it is live), every other live copy expired.
  const copy = live.find((c) => c.id === sync.amId) ?? live[0];
  const extra = live.filter((c) => c !== copy);
  for (const c of extra) await amExpireSilence(am, c.id);
  report.duplicatesExpired += extra.length;
  const extraIds = extra.map((c) => c.id);

  if (copy) {
    const same =
      sameMatchers(copy.matchers, matchers) &&
      Math.abs(Date.parse(copy.endsAt) - s.endsAt.getTime()) < SAME_MS &&
      copy.comment === commentInAm(s);
    if (same) {
      report.unchanged++;
      if (sync.state !== "synced" || sync.amId !== copy.id || extra.length > 0) await record(copy.id, { pastIds: extraIds });
      return;
    }
    const id = await amPostSilence(am, { id: copy.id, matchers, startsAt: s.startsAt, endsAt: s.endsAt, createdBy: s.updatedBy, comment: commentInAm(s) });
    report.updated++;
    await record(id, { pastIds: [...extraIds, copy.id] });
    return;
  }

  const recordedCopy = copies.find((c) => c.id === sync.amId);
  if (recordedCopy && sync.state === "synced" && Date.parse(recordedCopy.endsAt) < s.endsAt.getTime() - SAME_MS) {
    // Expired in Alertmanager itself (amtool, its UI) before its end, with nothing pending here: respect it.
    await db.silence.update({ where: { id: s.id }, data: { expiredAt: new Date(Date.parse(recordedCopy.endsAt)), expiredBy: "Alertmanager (amtool or its UI)", version: { increment: 1 }, updatedBy: SYNC_ACTOR } });
    await db.silenceEvent.create({ data: { silenceId: s.id, action: "expired-in-alertmanager", by: SYNC_ACTOR, after: { alertmanager: am, amId: recordedCopy.id } } });
    report.expiredInAlertmanager++;
    await record(recordedCopy.id);
    return;
  }

  // Not there (never written, or the Alertmanager lost its state): create it, keep the new id.
  const startsAt = new Date(Math.max(s.startsAt.getTime(), nowMs));
  const id = await amPostSilence(am, { matchers, startsAt, endsAt: s.endsAt, createdBy: s.createdBy, comment: commentInAm(s) });
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
