import "server-only";
import { AppError } from "@/lib/api/errors";
import { parseBody } from "@/lib/api/zod";
import { auditFiltersFrom } from "@/lib/audit/model";
import { sso } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import type { Principal } from "@/lib/auth/principal";
import { forgetSessionState } from "@/lib/auth/session-state";
import { listAudit } from "@/lib/audit/repo";
import { createTeam, createUser, endSessions, listTeams, listUsers, updateTeam, updateUser } from "./repo";
import { TeamCreateSchema, TeamUpdateSchema, UserCreateSchema, UserUpdateSchema } from "./model";

export { listTeams, listUsers };

export async function createUserFromRequest(actor: Principal, body: unknown) {
  const input = parseBody(UserCreateSchema, body);
  return createUser({ ...input, passwordHash: input.password ? await hashPassword(input.password) : null }, actor);
}

export async function updateUserFromRequest(actor: Principal, id: string, body: unknown) {
  const input = parseBody(UserUpdateSchema, body);
  if (id === actor.id && input.disabled) throw new AppError("request:invalid", "disabled: you cannot disable your own account");
  const { password, ...rest } = input;
  if (password === null && !sso) throw new AppError("request:invalid", "password: single sign-on is not configured (OIDC_ISSUER), so without a password this user could not sign in");
  const passwordHash = password === undefined ? {} : { passwordHash: password === null ? null : await hashPassword(password) };
  const user = await updateUser(id, { ...rest, ...passwordHash }, actor);
  forgetSessionState(id);
  return user;
}

/** Sign out everywhere: an admin for anyone, a user for themselves (a token cannot). */
export async function signOutEverywhere(actor: Principal, userId: string) {
  if (actor.kind !== "session") throw new AppError("auth:forbidden", "sessions are ended by a signed-in user, not by a token");
  await endSessions(userId, actor);
  forgetSessionState(userId);
}

export const createTeamFromRequest = (actor: Principal, body: unknown) => createTeam(parseBody(TeamCreateSchema, body), actor);
export const updateTeamFromRequest = (actor: Principal, slug: string, body: unknown) => updateTeam(slug, parseBody(TeamUpdateSchema, body), actor);
export const auditFromRequest = (params: URLSearchParams) => listAudit(auditFiltersFrom(params));
