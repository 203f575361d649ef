import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/model";
import { isTeamScoped, type Role } from "@/lib/auth/roles";
import { effectiveTokenRole, tokenState, type TokenView } from "@/lib/tokens/model";
import { recordAudit } from "@/lib/audit/repo";
import { getPrisma } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";

/** `gfc_` + 32 random bytes; only its SHA-256 is stored. */
const PREFIX = "gfc_";
/** lastUsedAt is written at most this often per token (not on every request). */
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface TokenPrincipal {
  tokenId: string;
  name: string;
  role: Role;
  teams: string[];
}

const WITH_OWNER = { createdBy: { select: { id: true, name: true, role: true, disabledAt: true, memberships: { select: { team: { select: { slug: true } } } } } } } as const;
type Row = Prisma.ApiTokenGetPayload<{ include: typeof WITH_OWNER }>;

function view(r: Row, nowMs = Date.now()): TokenView {
  const t = { expiresAt: r.expiresAt?.getTime() ?? null, revokedAt: r.revokedAt?.getTime() ?? null };
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    teams: r.teams,
    createdAt: r.createdAt.getTime(),
    expiresAt: t.expiresAt,
    lastUsedAt: r.lastUsedAt?.getTime() ?? null,
    revokedAt: t.revokedAt,
    revokedBy: r.revokedBy,
    owner: r.createdBy ? { id: r.createdBy.id, name: r.createdBy.name } : null,
    state: tokenState(t, nowMs),
  };
}

/** Creates a token; returns it once (only its hash is kept). With an actor, the creation is audited. */
export async function createApiToken(
  input: { name: string; role: Role; teams: string[]; expiresAt?: Date; createdById?: string },
  db: PrismaClient = getPrisma(),
  actor?: AuditActor,
): Promise<{ token: string; id: string; view: TokenView }> {
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { name: input.name, role: input.role, teams: input.teams, expiresAt: input.expiresAt, createdById: input.createdById, tokenHash: hashToken(token) },
      include: WITH_OWNER,
    });
    const v = view(row);
    if (actor) await recordAudit(tx, actor, { action: "token.create", targetId: row.id, after: { name: v.name, role: v.role, teams: v.teams, expiresAt: v.expiresAt, owner: v.owner?.name ?? null } });
    return { token, id: row.id, view: v };
  });
}

/** Tokens, newest first: one person's (ownerId), or every token (null: admins). */
export async function listApiTokens(ownerId: string | null, db: PrismaClient = getPrisma()): Promise<TokenView[]> {
  const rows = await db.apiToken.findMany({ where: ownerId ? { createdById: ownerId } : {}, include: WITH_OWNER, orderBy: { createdAt: "desc" }, take: 1000 });
  const now = Date.now();
  return rows.map((r) => view(r, now));
}

/** Revokes a token (kept, never accepted again): its owner's or, with `any`, anyone's. Idempotent. */
export async function revokeApiToken(id: string, actor: AuditActor, opts: { ownerId: string | null }, db: PrismaClient = getPrisma()): Promise<TokenView> {
  const result = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id }, include: WITH_OWNER });
    if (!row || (opts.ownerId !== null && row.createdById !== opts.ownerId)) throw new AppError("request:not_found", `No token ${id} of yours`);
    if (row.revokedAt) return view(row);
    const updated = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date(), revokedBy: actor.name }, include: WITH_OWNER });
    await recordAudit(tx, actor, { action: "token.revoke", targetId: id, before: { name: row.name, role: row.role, teams: row.teams, owner: row.createdBy?.name ?? null }, after: { revokedAt: updated.revokedAt!.getTime() } });
    return view(updated);
  });
  return result;
}

/**
 * The principal of a bearer token, or null when it is unknown, expired, revoked, or its
 * creator is disabled — read from the database on every request, so a revocation, a
 * disabled owner or a team change on any replica takes effect at once (one indexed
 * lookup; the proxy's results cache is what spares a dashboard's burst). It acts with
 * the lower of its role and its creator's, and within the teams it was given that a
 * team-scoped creator is still in (an SRE's or admin's token, or one minted from the
 * command line, keeps the teams it was given).
 */
export async function principalForToken(token: string, db: PrismaClient = getPrisma(), now = new Date()): Promise<TokenPrincipal | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: WITH_OWNER });
  const role = row ? effectiveTokenRole(row.role, row.createdBy?.role ?? null) : null;
  if (!row || !role || row.revokedAt || row.createdBy?.disabledAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  // A team-scoped owner's teams now (an SRE or admin owner is unscoped: the token keeps the teams it was given).
  const ownerTeams = row.createdBy && isTeamScoped(row.createdBy.role) ? new Set(row.createdBy.memberships.map((m) => m.team.slug)) : null;
  const teams = ownerTeams ? row.teams.filter((t) => ownerTeams.has(t)) : row.teams;
  return { tokenId: row.id, name: row.name, role, teams };
}
