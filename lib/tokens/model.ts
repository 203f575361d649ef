import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { hasRole, isTeamScoped, RoleSchema, type Role } from "@/lib/auth/roles";

/** How long a new token lives; "never" is an admin's choice (a service account's datasource token). */
export const EXPIRY_DAYS = [7, 30, 90, 365] as const;

export const TokenInputSchema = z
  .object({
    name: z.string().trim().min(1, { error: "a name, e.g. grafana-prod" }).max(100, { error: "at most 100 characters" }),
    role: RoleSchema,
    teams: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: "a team slug" })).max(50).default([]),
    /** Days until it expires; null = never (admins only). */
    expiresInDays: z.number().int().min(1, { error: "at least 1 day" }).max(365, { error: "at most 365 days" }).nullable().default(90),
  })
  .strict();
export type TokenInput = z.infer<typeof TokenInputSchema>;

/** Who asks for a token: what they are (a token may not mint tokens), their role and teams. */
export interface Minter {
  kind: "session" | "token";
  role: Role;
  teams: string[];
}

/**
 * The rules of minting, as 403s and 400s that say which rule: never above your own role;
 * a team-scoped token names teams, and a team-scoped person only their own; "never
 * expires" is for admins; a token cannot mint another.
 */
export function checkTokenGrant(minter: Minter, input: TokenInput): TokenInput {
  if (minter.kind === "token") throw new AppError("auth:forbidden", "an API token cannot create tokens; sign in to the console");
  if (!hasRole(minter.role, input.role)) throw new AppError("auth:forbidden", `role: you are ${minter.role}; a token cannot have more than your role (${input.role} asked)`);
  if (input.expiresInDays === null && minter.role !== "admin") throw new AppError("auth:forbidden", "expiresInDays: only admins create tokens that never expire");
  const teams = [...new Set(input.teams)].sort();
  if (isTeamScoped(input.role)) {
    if (teams.length === 0) throw new AppError("request:invalid", `teams: a ${input.role} token is scoped to teams; name at least one`);
    if (isTeamScoped(minter.role)) {
      const foreign = teams.filter((t) => !minter.teams.includes(t));
      if (foreign.length) throw new AppError("auth:forbidden", `teams: you are not in ${foreign.join(", ")}; a token can only be scoped to your own teams`);
    }
  } else if (teams.length) {
    throw new AppError("request:invalid", `teams: a ${input.role} token sees every team; team scope applies to developer tokens`);
  }
  return { ...input, teams };
}

export const TokenStateSchema = z.enum(["active", "expired", "revoked"]);
export type TokenState = z.infer<typeof TokenStateSchema>;

/** A token as the API shows it (never its secret); the browser's client validates it. */
export const TokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  teams: z.array(z.string()),
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  revokedBy: z.string().nullable(),
  /** Who created it (null: the CLI). */
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  state: TokenStateSchema,
});
export type TokenView = z.infer<typeof TokenViewSchema>;

export function tokenState(t: { expiresAt: number | null; revokedAt: number | null }, nowMs: number): TokenState {
  if (t.revokedAt !== null) return "revoked";
  if (t.expiresAt !== null && t.expiresAt <= nowMs) return "expired";
  return "active";
}

/**
 * A token acts with the lower of its own role and its creator's role now: demoting a
 * person demotes their tokens. A team-scoped token whose creator fell to a role that is
 * not scoped (a developer made viewer) would see *more* teams, so it stops working (null).
 */
export function effectiveTokenRole(tokenRole: Role, creatorRole: Role | null): Role | null {
  if (creatorRole === null || hasRole(creatorRole, tokenRole)) return tokenRole;
  return isTeamScoped(tokenRole) && !isTeamScoped(creatorRole) ? null : creatorRole;
}

/** The roles a person may give a token, lowest first. */
export function grantableRoles(role: Role): Role[] {
  return RoleSchema.options.filter((r) => hasRole(role, r));
}
