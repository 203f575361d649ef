import "server-only";
import { AppError } from "@/lib/api/errors";
import type { Matcher } from "@/lib/alerting/silences";
import { sameMatchers, silenceState, startOfEdit, startOfNew, type SilenceEdit, type SilenceInput, type SilenceView } from "./schema";
import type { AuditActor } from "@/lib/audit/model";
import { recordAudit } from "@/lib/audit/repo";
import { getPrisma } from "@/lib/db/client";
import { toJson } from "@/lib/db/json";
import { current, toView, type Row } from "./repo-reads";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";

/** Who writes (as the audit log names them), and the teams whose silences they may touch (null: any). */
export interface Actor extends AuditActor {
  scope: string[] | null;
}

/** What the history keeps of a silence. */
function snapshot(r: { matchers: unknown; startsAt: Date; endsAt: Date; comment: string; ticketUrl: string | null }): Prisma.InputJsonObject {
  return { matchers: toJson(r.matchers), startsAt: r.startsAt.getTime(), endsAt: r.endsAt.getTime(), comment: r.comment, ticketUrl: r.ticketUrl };
}

function matchersOf(input: SilenceInput): Matcher[] {
  return input.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual }));
}

type SilenceData = { matchers: Matcher[]; startsAt: Date; endsAt: Date; comment: string; ticketUrl: string | null };

/** A new silence row: its author, a pending outbox row per Alertmanager, and its "created" event (with what it replaced). */
function newSilence(data: SilenceData, actor: Actor, alertmanagers: string[], replaced?: Prisma.InputJsonObject): Prisma.SilenceCreateInput {
  return {
    ...data,
    matchers: toJson(data.matchers),
    createdBy: actor.name,
    createdById: actor.kind === "session" ? actor.id : null,
    updatedBy: actor.name,
    syncs: { create: alertmanagers.map((alertmanager) => ({ alertmanager })) },
    events: { create: { action: "created", by: actor.name, ...(replaced ? { before: replaced } : {}), after: snapshot(data) } },
  };
}

/**
 * Persistence only: the rules (Alertmanager's, the team rule, the guardrails) are the
 * service's (./service.ts), checked once before anything here is called.
 */
export interface SaveOptions {
  alertmanagers: string[];
  nowMs?: number;
  /** A broad silence's confirmation (lib/silences/guardrails.ts): kept in the audit log with it. */
  confirmation?: { reason: string; concerns: string[] } | null;
  /** A create's Idempotency-Key: the same key again answers the silence it made first. */
  idempotency?: { owner: string; key: string; requestHash: string } | null;
}

const confirmed = (opts: SaveOptions) => (opts.confirmation ? { confirmation: opts.confirmation } : {});

/**
 * Saves a new silence and its outbox rows (one per Alertmanager, pending) in one
 * transaction, with its idempotency key when the client sent one: a retry of that key
 * answers the first silence (`replayed`), a concurrent twin waits for the first
 * transaction and then does the same, the key with another body is a 422.
 */
export async function createSilence(
  input: SilenceInput,
  actor: Actor,
  opts: SaveOptions,
  db: PrismaClient = getPrisma(),
): Promise<SilenceView & { replayed?: boolean }> {
  const nowMs = opts.nowMs ?? Date.now();
  const key = opts.idempotency ?? null;
  if (key) {
    const first = await replay(key, db);
    if (first) return first;
  }
  const matchers = matchersOf(input);
  const startsAt = startOfNew(input.startsAt, nowMs);
  const data = { matchers, startsAt: new Date(startsAt), endsAt: new Date(input.endsAt), comment: input.comment, ticketUrl: input.ticketUrl ?? null };
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.silence.create({ data: newSilence(data, actor, opts.alertmanagers) });
      if (key) await tx.idempotencyKey.create({ data: { owner: key.owner, key: key.key, requestHash: key.requestHash, silenceId: created.id } });
      await recordAudit(tx, actor, { action: "silence.create", targetId: created.id, after: { ...snapshot(data), ...confirmed(opts) } });
      return created;
    });
    return toView(await current(row.id, db), nowMs);
  } catch (error) {
    // The same key committed by a concurrent request first: this transaction wrote nothing.
    const first = key && (error as { code?: string }).code === "P2002" ? await replay(key, db) : null;
    if (first) return first;
    throw error;
  }
}

async function replay(key: { owner: string; key: string; requestHash: string }, db: PrismaClient): Promise<(SilenceView & { replayed: true }) | null> {
  const row = await db.idempotencyKey.findUnique({ where: { owner_key: { owner: key.owner, key: key.key } } });
  if (!row) return null;
  if (row.requestHash !== key.requestHash) throw new AppError("request:unprocessable", "Idempotency-Key: already used for a different request (a new silence needs a new key)");
  return { ...toView(await current(row.silenceId, db)), replayed: true };
}

/** The 409 a stale save gets: the silence as it is now, and which fields differ from what the client sent. */
function conflict(row: Row, sent: Partial<SilenceEdit> & { version: number }): AppError {
  const now = toView(row);
  const changed: string[] = [];
  if (sent.matchers && !sameMatchers(now.matchers, sent.matchers)) changed.push("matchers");
  if (sent.endsAt !== undefined && sent.endsAt !== now.endsAt) changed.push("endsAt");
  if (sent.comment !== undefined && sent.comment !== now.comment) changed.push("comment");
  if (now.state === "expired") changed.push("state");
  const message =
    now.state === "expired"
      ? `Silence ${row.id} was expired by ${row.expiredBy ?? "its end time"} (version ${row.version}); it is not changed`
      : `Silence ${row.id} was changed by ${row.updatedBy} (now version ${row.version}, you read ${sent.version}); nothing was saved`;
  return new AppError("request:conflict", message, { current: now, changed });
}

/**
 * Edits a silence the client read at `version`. As Alertmanager does: new matchers (or a
 * start in the future moved) → this silence is expired and a new one made (it records
 * its successor); otherwise end, comment and ticket change in place. A stale version or
 * an expired silence → 409, nothing written.
 */
export async function editSilence(
  id: string,
  edit: SilenceEdit,
  actor: Actor,
  opts: SaveOptions & { action?: "edited" | "extended" },
  db: PrismaClient = getPrisma(),
): Promise<SilenceView> {
  const nowMs = opts.nowMs ?? Date.now();
  const matchers = matchersOf(edit);
  return db.$transaction(async (tx) => {
    const row = await current(id, tx);
    const state = silenceState({ startsAt: row.startsAt.getTime(), endsAt: row.endsAt.getTime(), expiredAt: row.expiredAt?.getTime() ?? null }, nowMs);
    if (row.version !== edit.version || state === "expired") throw conflict(row, edit);
    const startsAt = startOfEdit({ state, startsAt: row.startsAt.getTime() }, edit.startsAt, nowMs);
    const data = { matchers, startsAt: new Date(startsAt), endsAt: new Date(edit.endsAt), comment: edit.comment, ticketUrl: edit.ticketUrl ?? null };
    // Compare-and-set on the version: a concurrent save between our read and this write loses.
    const replace = !sameMatchers(toView(row).matchers, matchers);
    if (replace) {
      const successor = await tx.silence.create({ data: newSilence(data, actor, opts.alertmanagers, snapshot(row)) });
      const done = await tx.silence.updateMany({
        where: { id, version: edit.version },
        data: { expiredAt: new Date(nowMs), expiredBy: actor.name, updatedBy: actor.name, version: { increment: 1 }, replacedById: successor.id },
      });
      if (done.count !== 1) throw conflict(await current(id, tx), edit);
      await tx.silenceSync.updateMany({ where: { silenceId: id }, data: { state: "pending" } });
      await tx.silenceEvent.create({ data: { silenceId: id, action: "replaced", by: actor.name, before: snapshot(row), after: { replacedBy: successor.id } } });
      await recordAudit(tx, actor, { action: "silence.replace", targetId: id, before: snapshot(row), after: { ...snapshot(data), replacedBy: successor.id, ...confirmed(opts) } });
      return toView(await current(successor.id, tx), nowMs);
    }
    const done = await tx.silence.updateMany({ where: { id, version: edit.version, expiredAt: null }, data: { ...data, matchers: toJson(row.matchers), updatedBy: actor.name, version: { increment: 1 } } });
    if (done.count !== 1) throw conflict(await current(id, tx), edit);
    await tx.silenceSync.updateMany({ where: { silenceId: id }, data: { state: "pending" } });
    await tx.silenceEvent.create({ data: { silenceId: id, action: opts.action ?? "edited", by: actor.name, before: snapshot(row), after: snapshot(data) } });
    await recordAudit(tx, actor, { action: opts.action === "extended" ? "silence.extend" : "silence.update", targetId: id, before: snapshot(row), after: { ...snapshot(data), ...confirmed(opts) } });
    return toView(await current(id, tx), nowMs);
  });
}

/** Expires a silence now (idempotent on an expired one; a stale version → 409). */
export async function expireSilence(
  id: string,
  req: { version: number },
  actor: Actor,
  opts: { nowMs?: number } = {},
  db: PrismaClient = getPrisma(),
): Promise<SilenceView> {
  const nowMs = opts.nowMs ?? Date.now();
  return db.$transaction(async (tx) => {
    const row = await current(id, tx);
    if (row.expiredAt !== null) return toView(row, nowMs);
    if (row.version !== req.version) throw conflict(row, { version: req.version });
    const done = await tx.silence.updateMany({ where: { id, version: req.version, expiredAt: null }, data: { expiredAt: new Date(nowMs), expiredBy: actor.name, updatedBy: actor.name, version: { increment: 1 } } });
    if (done.count !== 1) throw conflict(await current(id, tx), { version: req.version });
    await tx.silenceSync.updateMany({ where: { silenceId: id }, data: { state: "pending" } });
    await tx.silenceEvent.create({ data: { silenceId: id, action: "expired", by: actor.name, before: snapshot(row) } });
    await recordAudit(tx, actor, { action: "silence.expire", targetId: id, before: snapshot(row), after: { expiredAt: nowMs } });
    return toView(await current(id, tx), nowMs);
  });
}
