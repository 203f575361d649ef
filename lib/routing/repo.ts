import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/api/errors";
import { compileAlertmanagerConfig, PLACEHOLDER_SECRETS } from "@/lib/routing/compile";
import type { AuditActor } from "@/lib/audit/model";
import { RoutingModelSchema, type Receiver, type RoutingModel, type RoutingVersionView } from "@/lib/routing/model";
import { recordAudit } from "@/lib/audit/repo";
import { getPrisma } from "@/lib/db/client";
import { toJson } from "@/lib/db/json";
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";

/**
 * Team routing in Postgres: the draft (tree, time intervals, inhibitions, globals; one
 * row), its receivers (one row each, secrets sealed), and every version applied. Saves
 * name the revision they read; a stale one is a 409 with the current revision.
 */
const DRAFT = "current";

export interface StoredRouting {
  model: RoutingModel;
  revision: number;
  updatedBy: string;
  updatedAt: number;
  /** Who last changed each receiver, and when. */
  receivers: Record<string, { updatedBy: string; updatedAt: number }>;
}

export async function loadRouting(db: PrismaClient | Prisma.TransactionClient = getPrisma()): Promise<StoredRouting | null> {
  const [draft, receivers] = await Promise.all([db.routingDraft.findUnique({ where: { id: DRAFT } }), db.routingReceiver.findMany({ orderBy: { name: "asc" } })]);
  if (!draft) return null;
  const model = RoutingModelSchema.parse({
    route: draft.route,
    receivers: receivers.map((r) => r.config),
    timeIntervals: draft.timeIntervals,
    inhibitRules: draft.inhibitRules,
    resolveTimeout: draft.resolveTimeout,
    ...(draft.smtp ? { smtp: draft.smtp } : {}),
  });
  return {
    model,
    revision: draft.revision,
    updatedBy: draft.updatedBy,
    updatedAt: draft.updatedAt.getTime(),
    receivers: Object.fromEntries(receivers.map((r) => [r.name, { updatedBy: r.updatedBy, updatedAt: r.updatedAt.getTime() }])),
  };
}

type Tx = Prisma.TransactionClient;

/** Moves the draft from `revision` to the next one, or 409 if someone saved in between. */
async function bump(tx: Tx, revision: number, by: string, data: Prisma.RoutingDraftUpdateManyMutationInput = {}): Promise<void> {
  const { count } = await tx.routingDraft.updateMany({ where: { id: DRAFT, revision }, data: { ...data, updatedBy: by, revision: { increment: 1 } } });
  if (count === 0) {
    const current = await tx.routingDraft.findUnique({ where: { id: DRAFT }, select: { revision: true, updatedBy: true } });
    throw new AppError("request:conflict", current ? `the routing was changed by ${current.updatedBy} since you read it (revision ${current.revision}, you had ${revision}); reload and apply your change again` : "there is no routing draft yet", {
      revision: current?.revision ?? null,
    });
  }
}

const json = toJson;

function draftData(m: RoutingModel) {
  return { route: json(m.route), timeIntervals: json(m.timeIntervals), inhibitRules: json(m.inhibitRules), resolveTimeout: m.resolveTimeout, smtp: m.smtp ? json(m.smtp) : undefined };
}

async function writeReceivers(tx: Tx, receivers: Receiver[], by: string): Promise<void> {
  await tx.routingReceiver.deleteMany({ where: { name: { notIn: receivers.map((r) => r.name) } } });
  const current = new Map((await tx.routingReceiver.findMany()).map((r) => [r.name, JSON.stringify(r.config)]));
  for (const r of receivers) {
    if (current.get(r.name) === JSON.stringify(r)) continue;
    const data = { kind: r.kind, team: r.team ?? null, config: json(r), updatedBy: by };
    await tx.routingReceiver.upsert({ where: { name: r.name }, update: data, create: { name: r.name, ...data } });
  }
}

/** Replaces the whole draft (the admin's editor). */
export async function saveRouting(model: RoutingModel, revision: number, actor: AuditActor, db: PrismaClient = getPrisma()): Promise<StoredRouting> {
  const by = actor.name;
  await db.$transaction(async (tx) => {
    await recordAudit(tx, actor, { action: "routing.update", targetId: "draft", before: (await loadRouting(tx))?.model, after: model });
    const { smtp, ...rest } = draftData(model);
    await bump(tx, revision, by, { ...rest, smtp: smtp ?? Prisma.DbNull });
    await writeReceivers(tx, model.receivers, by);
  });
  return (await loadRouting(db))!;
}

/** Replaces one receiver (a team lead's edit): same name, same team. */
export async function saveReceiver(receiver: Receiver, revision: number, actor: AuditActor, db: PrismaClient = getPrisma()): Promise<StoredRouting> {
  const by = actor.name;
  await db.$transaction(async (tx) => {
    await bump(tx, revision, by);
    const before = await tx.routingReceiver.findUnique({ where: { name: receiver.name } });
    if (!before) throw new AppError("request:not_found", `no receiver named "${receiver.name}"`);
    await tx.routingReceiver.update({ where: { name: receiver.name }, data: { kind: receiver.kind, config: json(receiver), updatedBy: by } });
    await recordAudit(tx, actor, { action: "receiver.update", targetId: receiver.name, before: before.config, after: receiver });
  });
  return (await loadRouting(db))!;
}

/**
 * The first draft (seed): written only when there is none, so an admin's routing survives
 * a re-seed. It is what deploy/alertmanager/alertmanager.yml was compiled from, so it is
 * also recorded as the first applied version (what Alertmanager starts with).
 */
export async function seedRouting(model: RoutingModel, by: string, db: PrismaClient = getPrisma()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (await tx.routingDraft.findUnique({ where: { id: DRAFT }, select: { id: true } })) return false;
    const { smtp, ...rest } = draftData(model);
    await tx.routingDraft.create({ data: { id: DRAFT, ...rest, ...(smtp ? { smtp } : {}), updatedBy: by } });
    await writeReceivers(tx, model.receivers, by);
    const yaml = compileAlertmanagerConfig(model, PLACEHOLDER_SECRETS);
    const sha256 = createHash("sha256").update(yaml).digest("hex");
    await recordVersion({ model, yaml, sha256, status: "applied", appliedBy: by, message: "the shipped deploy/alertmanager/alertmanager.yml" }, tx);
    return true;
  });
}

/** The teams a user leads (slugs): their leads edit those teams' receivers. */
export async function ledTeams(userId: string, db: PrismaClient = getPrisma()): Promise<string[]> {
  const rows = await db.membership.findMany({ where: { userId, lead: true }, select: { team: { select: { slug: true } } } });
  return rows.map((r) => r.team.slug).sort();
}

type VersionRow = Prisma.RoutingVersionGetPayload<object>;

function versionView(r: Omit<VersionRow, "model" | "yaml">): RoutingVersionView {
  return { id: r.id, status: r.status === "applied" ? "applied" : "failed", error: r.error, appliedBy: r.appliedBy, appliedAt: r.appliedAt.getTime(), rollbackOf: r.rollbackOf, message: r.message, sha256: r.sha256 };
}

export async function recordVersion(
  v: { model: RoutingModel; yaml: string; sha256: string; status: "applied" | "failed"; error?: string; appliedBy: string; rollbackOf?: number; message?: string },
  db: PrismaClient | Tx = getPrisma(),
): Promise<RoutingVersionView> {
  const row = await db.routingVersion.create({
    data: { model: json(v.model), yaml: v.yaml, sha256: v.sha256, status: v.status, error: v.error ?? null, appliedBy: v.appliedBy, rollbackOf: v.rollbackOf ?? null, message: v.message ?? null },
  });
  return versionView(row);
}

const VIEW = { id: true, status: true, error: true, appliedBy: true, appliedAt: true, rollbackOf: true, message: true, sha256: true } as const;

export async function listVersions(limit = 100, db: PrismaClient = getPrisma()): Promise<RoutingVersionView[]> {
  return (await db.routingVersion.findMany({ orderBy: { id: "desc" }, take: limit, select: VIEW })).map(versionView);
}

export async function getVersion(id: number, db: PrismaClient = getPrisma()): Promise<RoutingVersionView & { model: RoutingModel; yaml: string }> {
  const row = await db.routingVersion.findUnique({ where: { id } });
  if (!row) throw new AppError("request:not_found", `no routing version ${id}`);
  return { ...versionView(row), model: RoutingModelSchema.parse(row.model), yaml: row.yaml };
}

/** The last version Alertmanager took. */
export async function lastApplied(db: PrismaClient = getPrisma()): Promise<(RoutingVersionView & { yaml: string }) | null> {
  const row = await db.routingVersion.findFirst({ where: { status: "applied" }, orderBy: { id: "desc" } });
  return row ? { ...versionView(row), yaml: row.yaml } : null;
}
