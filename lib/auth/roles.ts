import { z } from "zod";
import { AppError } from "@/lib/api/errors";

/** Edge-safe: imported by proxy.ts, pages, route handlers and client components. */
export const ROLES = ["viewer", "developer", "sre", "admin"] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const SessionUserSchema = z.object({
  id: z.string().min(1),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  teamIds: z.array(z.string()),
  /** Team slugs: the values of the `team` label this user's queries are scoped to. */
  teams: z.array(z.string()),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

const RANK: Record<Role, number> = { viewer: 0, developer: 1, sre: 2, admin: 3 };

/** Each role includes the ones below it: admin ⊃ sre ⊃ developer ⊃ viewer. */
export function hasRole(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

/**
 * The one guard. Pages and route handlers both call it (through `pageUser` and
 * `apiUser` in lib/auth/session.ts), which translate its AppError into a redirect or a
 * JSON response.
 */
export function requireRole(user: SessionUser | null, minimum: Role): SessionUser {
  if (!user) throw new AppError("auth:unauthenticated", "Sign in to continue");
  if (!hasRole(user.role, minimum)) {
    throw new AppError("auth:forbidden", `This needs the ${minimum} role; you are signed in as ${user.role}`);
  }
  return user;
}

/** Roles whose queries are limited to their teams' series (the prom-label-proxy rule). */
export function isTeamScoped(role: Role): boolean {
  return role === "developer";
}
