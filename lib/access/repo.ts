import "server-only";
import { lastAdminRefusal, type TeamView, type UserCreate, type UserUpdate, type UserView } from "@/lib/access/model";
import { AppError } from "@/lib/api/errors";
import { systemActor, type AuditActor } from "@/lib/audit/model";
import type { Role } from "@/lib/auth/roles";
import type { SsoIdentity } from "@/lib/auth/sso";
import { recordAudit } from "@/lib/audit/repo";
import { getPrisma } from "@/lib/db/client";
import { accountSubject } from "@/lib/auth/throttle-repo";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";

type Tx = Prisma.TransactionClient;

export interface UserWithTeams {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  teamIds: string[];
  teams: string[];
  disabled: boolean;
  lockedUntil: Date | null;
  failedLogins: number;
  sessionVersion: number;
}

const WITH_TEAMS = { memberships: { select: { teamId: true, lead: true, team: { select: { slug: true, name: true } } }, orderBy: { team: { slug: "asc" } } } } as const;
type Row = Prisma.UserGetPayload<{ include: typeof WITH_TEAMS }>;

function withTeams(user: Row): UserWithTeams {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    passwordHash: user.passwordHash,
    teamIds: user.memberships.map((m) => m.teamId),
    teams: user.memberships.map((m) => m.team.slug),
    disabled: user.disabledAt !== null,
    lockedUntil: user.lockedUntil,
    failedLogins: user.failedLogins,
    sessionVersion: user.sessionVersion,
  };
}

export async function findUserByEmail(email: string, db: PrismaClient = getPrisma()): Promise<UserWithTeams | null> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, include: WITH_TEAMS });
  return user ? withTeams(user) : null;
}

export async function findUserById(id: string, db: PrismaClient = getPrisma()): Promise<UserWithTeams | null> {
  const user = await db.user.findUnique({ where: { id }, include: WITH_TEAMS });
  return user ? withTeams(user) : null;
}

export async function recordLoginSuccess(id: string, db: PrismaClient = getPrisma()): Promise<void> {
  await db.user.update({ where: { id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() } });
}

function userView(u: Row): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    teams: u.memberships.map((m) => ({ slug: m.team.slug, name: m.team.name, lead: m.lead })),
    sso: u.passwordHash === null,
    disabled: u.disabledAt !== null,
    lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.getTime() : null,
    failedLogins: u.failedLogins,
    lastLoginAt: u.lastLoginAt?.getTime() ?? null,
    createdAt: u.createdAt.getTime(),
  };
}

/** What the audit log keeps of a user: never the hash, never a password. */
function auditedUser(v: UserView) {
  return { email: v.email, name: v.name, role: v.role, teams: v.teams.map((t) => (t.lead ? `${t.slug} (lead)` : t.slug)), disabled: v.disabled };
}

export async function listUsers(db: PrismaClient = getPrisma()): Promise<UserView[]> {
  return (await db.user.findMany({ include: WITH_TEAMS, orderBy: { email: "asc" } })).map(userView);
}

async function teamIdsOf(tx: Tx, teams: { team: string; lead: boolean }[]): Promise<{ teamId: string; lead: boolean }[]> {
  const rows = await tx.team.findMany({ where: { slug: { in: teams.map((t) => t.team) } }, select: { id: true, slug: true } });
  const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
  return teams.map((t, i) => {
    const teamId = bySlug.get(t.team);
    if (!teamId) throw new AppError("request:invalid", `teams.${i}.team: no team "${t.team}"`);
    return { teamId, lead: t.lead };
  });
}

async function activeAdmins(tx: Tx): Promise<number> {
  return tx.user.count({ where: { role: "admin", disabledAt: null } });
}

export async function createUser(input: UserCreate & { passwordHash: string | null }, actor: AuditActor, db: PrismaClient = getPrisma()): Promise<UserView> {
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw new AppError("request:conflict", `email: a user ${input.email} exists already`);
    const memberships = await teamIdsOf(tx, input.teams);
    const row = await tx.user.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash: input.passwordHash, memberships: { create: memberships } },
      include: WITH_TEAMS,
    });
    const v = userView(row);
    await recordAudit(tx, actor, { action: "user.create", targetId: row.id, after: { ...auditedUser(v), password: input.passwordHash ? "set" : null } });
    return v;
  });
}

/**
 * An admin's change to a user. A role change, disabling or a new password ends the
 * user's sessions (their next request signs them out); unlock clears the account's sign-in
 * throttle from every address.
 */
export async function updateUser(id: string, input: Omit<UserUpdate, "password"> & { passwordHash?: string | null }, actor: AuditActor, db: PrismaClient = getPrisma()): Promise<UserView> {
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, include: WITH_TEAMS });
    if (!before) throw new AppError("request:not_found", `No user ${id}`);
    const endSessions = (input.role !== undefined && input.role !== before.role) || (input.disabled === true && before.disabledAt === null) || input.passwordHash !== undefined;
    await tx.user.update({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.passwordHash !== undefined ? { passwordHash: input.passwordHash } : {}),
        ...(input.disabled !== undefined ? { disabledAt: input.disabled ? (before.disabledAt ?? new Date()) : null } : {}),
        ...(input.unlock ? { failedLogins: 0, lockedUntil: null } : {}),
        ...(endSessions ? { sessionVersion: { increment: 1 } } : {}),
      },
    });
    if (input.teams !== undefined) {
      const memberships = await teamIdsOf(tx, input.teams);
      await tx.membership.deleteMany({ where: { userId: id } });
      await tx.membership.createMany({ data: memberships.map((m) => ({ userId: id, ...m })) });
    }
    // Unlock: the sign-in throttle of this account, from every address (lib/auth/throttle.ts).
    if (input.unlock) await tx.loginThrottle.deleteMany({ where: { subject: accountSubject(before.email) } });
    const refusal = lastAdminRefusal(await activeAdmins(tx));
    if (refusal) throw new AppError("request:conflict", refusal);
    const after = userView(await tx.user.findUniqueOrThrow({ where: { id }, include: WITH_TEAMS }));
    const b = userView(before);
    await recordAudit(tx, actor, {
      action: "user.update",
      targetId: id,
      before: { ...auditedUser(b), locked: b.lockedUntil !== null },
      after: { ...auditedUser(after), locked: after.lockedUntil !== null, ...(input.passwordHash !== undefined ? { password: "changed" } : {}), ...(endSessions ? { sessions: "ended" } : {}) },
    });
    return after;
  });
}

const sameTeams = (a: { slug: string; lead: boolean }[], b: { team: string; lead: boolean }[]) =>
  a.length === b.length && a.every((t, i) => t.slug === b[i]!.team && t.lead === b[i]!.lead);

/**
 * A single sign-on: the identity provider vouches for the person, and their groups say
 * role and teams. The first sign-in creates the user (or takes over an SSO-only user an
 * admin created with that e-mail); each later one brings name, role and teams in line
 * with the groups (a role change ends the user's other sessions). Refused for a disabled
 * user, and for an e-mail that belongs to an account signing in another way. Teams the
 * console does not have are skipped. Audited as the system's "single sign-on".
 */
export async function signInWithSso(
  identity: SsoIdentity,
  db: PrismaClient = getPrisma(),
): Promise<{ user: UserWithTeams } | { refusal: "sso-disabled" | "sso-email-taken" }> {
  const actor = systemActor("single sign-on");
  return db.$transaction(async (tx) => {
    let row = await tx.user.findUnique({ where: { ssoId: identity.ssoId }, include: WITH_TEAMS });
    if (!row) {
      row = await tx.user.findUnique({ where: { email: identity.email }, include: WITH_TEAMS });
      if (row && (row.passwordHash !== null || row.ssoId !== null)) return { refusal: "sso-email-taken" as const };
    }
    if (row?.disabledAt) return { refusal: "sso-disabled" as const };
    const known = await tx.team.findMany({ where: { slug: { in: identity.teams.map((t) => t.team) } }, select: { id: true, slug: true } });
    const teamId = new Map(known.map((t) => [t.slug, t.id]));
    const teams = identity.teams.filter((t) => teamId.has(t.team));
    const memberships = teams.map((t) => ({ teamId: teamId.get(t.team)!, lead: t.lead }));
    const now = new Date();
    if (!row) {
      const created = await tx.user.create({
        data: { email: identity.email, name: identity.name, role: identity.role, passwordHash: null, ssoId: identity.ssoId, lastLoginAt: now, memberships: { create: memberships } },
        include: WITH_TEAMS,
      });
      await recordAudit(tx, actor, { action: "user.create", targetId: created.id, after: { ...auditedUser(userView(created)), password: null, sso: identity.ssoId } });
      return { user: withTeams(created) };
    }
    const before = userView(row);
    const roleChanged = row.role !== identity.role;
    const changed = roleChanged || row.name !== identity.name || row.email !== identity.email || row.ssoId !== identity.ssoId || !sameTeams(before.teams, teams);
    await tx.user.update({
      where: { id: row.id },
      data: {
        lastLoginAt: now,
        ...(changed ? { name: identity.name, email: identity.email, role: identity.role, ssoId: identity.ssoId } : {}),
        ...(roleChanged ? { sessionVersion: { increment: 1 } } : {}),
      },
    });
    if (changed) {
      await tx.membership.deleteMany({ where: { userId: row.id } });
      await tx.membership.createMany({ data: memberships.map((m) => ({ userId: row.id, ...m })) });
    }
    const after = await tx.user.findUniqueOrThrow({ where: { id: row.id }, include: WITH_TEAMS });
    if (changed) {
      await recordAudit(tx, actor, {
        action: "user.update",
        targetId: row.id,
        before: { ...auditedUser(before), sso: row.ssoId },
        after: { ...auditedUser(userView(after)), sso: identity.ssoId, ...(roleChanged ? { sessions: "ended" } : {}) },
      });
    }
    return { user: withTeams(after) };
  });
}

/** Sign out everywhere: every session of the user ends at its next request (API tokens are revoked separately). */
export async function endSessions(id: string, actor: AuditActor, db: PrismaClient = getPrisma()): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.user.update({ where: { id }, data: { sessionVersion: { increment: 1 } }, select: { sessionVersion: true } }).catch(() => null);
    if (!row) throw new AppError("request:not_found", `No user ${id}`);
    await recordAudit(tx, actor, { action: "user.sign-out-everywhere", targetId: id, after: { sessionVersion: row.sessionVersion } });
  });
}

// On globalThis: every bundle of this module in the process (route handlers may each
// carry one) sees the same answer and the same forgetting.
const shared = globalThis as typeof globalThis & { __teamLabelValues?: { bySlug: Map<string, string>; at: number } | null };
const LABEL_VALUES_TTL_MS = 30_000;

/**
 * The `team` label values of these team slugs: what a developer's queries, alerts and
 * silences are scoped to (an admin may give a team a label value other than its slug).
 * Teams are few: all are read every 30 s per process (at once for a team not seen yet, and
 * after a change here); while Postgres is down the
 * last answer stands, and with none yet the scope cannot be known (503, never wider).
 */
export async function teamLabelValues(slugs: readonly string[], db: PrismaClient = getPrisma()): Promise<string[]> {
  let cached = shared.__teamLabelValues;
  const age = cached ? Date.now() - cached.at : Infinity;
  // Stale, or a team it has not seen yet (made since, perhaps on another replica).
  if (!cached || age > LABEL_VALUES_TTL_MS || (age > 1_000 && slugs.some((s) => !cached!.bySlug.has(s)))) {
    try {
      const rows = await db.team.findMany({ select: { slug: true, labelValue: true } });
      cached = shared.__teamLabelValues = { bySlug: new Map(rows.map((r) => [r.slug, r.labelValue])), at: Date.now() };
    } catch (error) {
      if (!cached) throw new AppError("upstream:unavailable", `your teams' label values cannot be read (PostgreSQL: ${(error as Error).message.split("\n")[0]})`);
    }
  }
  const known = cached.bySlug;
  return [...new Set(slugs.flatMap((s) => (known.has(s) ? [known.get(s)!] : [])))].sort();
}

/** After a team's label value changed in this process: the next scope reads the teams again. */
export function forgetTeamLabelValues(): void {
  shared.__teamLabelValues = null;
}

export async function listTeams(db: PrismaClient = getPrisma()): Promise<TeamView[]> {
  const rows = await db.team.findMany({ orderBy: { slug: "asc" }, include: { _count: { select: { memberships: true } } } });
  return rows.map((t) => ({ id: t.id, slug: t.slug, name: t.name, labelValue: t.labelValue, members: t._count.memberships }));
}

export async function createTeam(input: { slug: string; name: string; labelValue?: string }, actor: AuditActor, db: PrismaClient = getPrisma()): Promise<TeamView> {
  const team = await db.$transaction(async (tx) => {
    if (await tx.team.findUnique({ where: { slug: input.slug }, select: { id: true } })) throw new AppError("request:conflict", `slug: a team "${input.slug}" exists already`);
    const row = await tx.team.create({ data: { slug: input.slug, name: input.name, labelValue: input.labelValue ?? input.slug } });
    await recordAudit(tx, actor, { action: "team.create", targetId: row.slug, after: { slug: row.slug, name: row.name, labelValue: row.labelValue } });
    return { id: row.id, slug: row.slug, name: row.name, labelValue: row.labelValue, members: 0 };
  });
  forgetTeamLabelValues();
  return team;
}

export async function updateTeam(slug: string, input: { name?: string; labelValue?: string }, actor: AuditActor, db: PrismaClient = getPrisma()): Promise<TeamView> {
  const team = await db.$transaction(async (tx) => {
    const before = await tx.team.findUnique({ where: { slug } });
    if (!before) throw new AppError("request:not_found", `No team "${slug}"`);
    const row = await tx.team.update({ where: { slug }, data: input, include: { _count: { select: { memberships: true } } } });
    await recordAudit(tx, actor, { action: "team.update", targetId: slug, before: { name: before.name, labelValue: before.labelValue }, after: { name: row.name, labelValue: row.labelValue } });
    return { id: row.id, slug: row.slug, name: row.name, labelValue: row.labelValue, members: row._count.memberships };
  });
  forgetTeamLabelValues();
  return team;
}
