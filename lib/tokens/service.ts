import "server-only";
import { AppError } from "@/lib/api/errors";
import { parseBody } from "@/lib/api/zod";
import type { Principal } from "@/lib/auth/principal";
import { createApiToken, listApiTokens, revokeApiToken } from "./repo";
import { checkTokenGrant, TokenInputSchema, type TokenView } from "./model";

/** Tokens belong to people: a request made with a token cannot list, mint or revoke them. */
function person(principal: Principal): Principal {
  if (principal.kind !== "session") throw new AppError("auth:forbidden", "API tokens are managed by a signed-in user, not by a token");
  return principal;
}

/** Admins see every token (with its owner); everyone else their own. */
export async function tokensFor(principal: Principal): Promise<TokenView[]> {
  const p = person(principal);
  return listApiTokens(p.role === "admin" ? null : p.id);
}

/** Mints a token for the caller, within their role and teams; the token is in the answer once. */
export async function createTokenFromRequest(principal: Principal, body: unknown): Promise<{ token: string; view: TokenView }> {
  const input = checkTokenGrant(principal, parseBody(TokenInputSchema, body));
  const p = person(principal);
  const expiresAt = input.expiresInDays === null ? undefined : new Date(Date.now() + input.expiresInDays * 86_400_000);
  const { token, view } = await createApiToken({ name: input.name, role: input.role, teams: input.teams, expiresAt, createdById: p.id }, undefined, p);
  return { token, view };
}

/** Revokes one of the caller's tokens (admins: anyone's). */
export async function revokeTokenFromRequest(principal: Principal, id: string): Promise<TokenView> {
  const p = person(principal);
  return revokeApiToken(id, p, { ownerId: p.role === "admin" ? null : p.id });
}
