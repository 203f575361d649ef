import "server-only";
import { amExpireSilence, amListSilences, amPostSilence, type AmSilence } from "@/lib/alertmanager/client";
import { getPrisma } from "@/lib/db/client";
import { consoleMetrics } from "@/lib/metrics/console";
import type { PrismaClient } from "@/lib/db/generated/client";
import { LOCKS, withAdvisoryLock } from "@/lib/db/lock";
import { toView, WITH_SYNCS, type Row } from "./repo-reads";
import { indexListing, mergePastIds, planSilence, planStrays, type DesiredSilence, type SilencePlan } from "./plan";

/**
 * Keeps every configured Alertmanager in step with Postgres, the source of truth: per
 * Alertmanager, load what may need work, list what it holds, plan each silence
 * (lib/silences/plan.ts, pure: the rules are there) and apply the plan; then import what
 * amtool or its UI made. One pass at a time across every process and replica on the
 * database (a PostgreSQL advisory lock), each pass reading Postgres after it holds the
 * lock. An Alertmanager that does not answer leaves its rows pending with the error; the
 * next pass (every SILENCE_SYNC_INTERVAL_MS, and after every write) retries.
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
  const m = consoleMetrics();
  for (const am of alertmanagers) {
    const report = await syncOne(am, now, db);
    // Both results exist from an Alertmanager's first pass (a failure's first rise must show to increase()).
    m.syncPasses.inc({ alertmanager: am, result: report.error ? "ok" : "error" }, 0);
    m.syncPasses.inc({ alertmanager: am, result: report.error ? "error" : "ok" });
    m.alertmanagerUp.set({ alertmanager: am }, report.error ? 0 : 1);
    if (!report.error) m.syncLastSuccess.set({ alertmanager: am }, now() / 1000);
    reports.push(report);
  }
  await db.idempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now() - IDEMPOTENCY_KEEP_MS) } } });
  return reports;
}

/** Silences that may need work: not long expired, or with a copy not yet written. */
function load(db: PrismaClient, nowMs: number): Promise<Row[]> {
  return db.silence.findMany({
    where: { OR: [{ endsAt: { gt: new Date(nowMs - 86_400_000) } }, { syncs: { some: { state: { not: "synced" } } } }] },
    include: WITH_SYNCS,
  });
}

/** A loaded row as the planner sees it, for one Alertmanager (read as every reader reads it: ./repo-reads.ts). */
function desired(row: Row, am: string): DesiredSilence {
  const s = toView(row);
  const copy = s.sync.find((x) => x.alertmanager === am)!;
  return {
    id: s.id,
    matchers: s.matchers,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    comment: s.comment,
    origin: s.origin,
    expiredAt: s.expiredAt,
    createdBy: s.createdBy,
    updatedBy: s.updatedBy,
    copy: { amId: copy.amId, pastIds: copy.pastIds, state: copy.state },
    allIds: s.sync.flatMap((x) => [x.amId, ...x.pastIds]).filter((id): id is string => !!id),
  };
}

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
  const listing = indexListing(listed);
  // Every id the console has ever recorded, in any Alertmanager: gossip copies are ours.
  const known = new Set(silences.flatMap((s) => desired(s, am).allIds));

  for (const s of silences) {
    const want = desired(s, am);
    const nowMs = now();
    try {
      const plan = planSilence(want, listing, nowMs);
      await applySilencePlan(am, want, plan, nowMs, db);
      report[plan.outcome]++;
      report.duplicatesExpired += plan.duplicates;
    } catch (error) {
      await db.silenceSync.update({
        where: { silenceId_alertmanager: { silenceId: s.id, alertmanager: am } },
        data: { state: "error", lastError: (error as Error).message, lastAttemptAt: new Date(now()), attempts: { increment: 1 } },
      });
    }
  }

  // What this Alertmanager has that nobody recorded.
  const recorded = new Set([...known, ...(await db.silenceSync.findMany({ where: { alertmanager: am }, select: { amId: true } })).map((x) => x.amId).filter((id): id is string => !!id)]);
  const strays = planStrays(listed, recorded, new Set(silences.map((s) => s.id)));
  for (const a of strays.imports) {
    await importExternal(am, a, db);
    report.imported++;
  }
  for (const { copy, owner } of strays.owned) {
    // A console copy of a silence long over here (an old snapshot restored): expire it; one of another console's database: leave it.
    if (await db.silence.findUnique({ where: { id: owner }, select: { id: true } })) {
      await amExpireSilence(am, copy.id);
      report.expired++;
    } else report.foreign++;
  }
  return report;
}

/** Carries out one silence's plan against the Alertmanager, then records where its copy is. */
async function applySilencePlan(am: string, s: DesiredSilence, plan: SilencePlan, nowMs: number, db: PrismaClient) {
  let posted: string | null = null;
  for (const step of plan.steps) {
    if (step.kind === "expire") await amExpireSilence(am, step.amId);
    else if (step.kind === "post") posted = await amPostSilence(am, { ...step.payload, startsAt: new Date(step.payload.startsAt), endsAt: new Date(step.payload.endsAt) });
    else {
      await db.silence.update({ where: { id: s.id }, data: { expiredAt: new Date(step.atMs), expiredBy: "Alertmanager (amtool or its UI)", version: { increment: 1 }, updatedBy: SYNC_ACTOR } });
      await db.silenceEvent.create({ data: { silenceId: s.id, action: "expired-in-alertmanager", by: SYNC_ACTOR, after: { alertmanager: am, amId: step.amId } } });
    }
  }
  if (plan.outcome === "recreated") {
    await db.silenceEvent.create({ data: { silenceId: s.id, action: "recreated", by: SYNC_ACTOR, after: { alertmanager: am, lostId: s.copy.amId, newId: posted } } });
  }
  if (!plan.record) return;
  const amId = plan.record.amId === "posted" ? posted : plan.record.amId;
  await db.silenceSync.update({
    where: { silenceId_alertmanager: { silenceId: s.id, alertmanager: am } },
    data: { amId, pastIds: mergePastIds(s.copy, amId, plan.record.pastIds), state: "synced", lastError: null, lastAttemptAt: new Date(nowMs), syncedAt: new Date(nowMs) },
  });
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
