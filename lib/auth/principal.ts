import "server-only";
import { AppError } from "@/lib/api/errors";
import { principalForToken } from "@/lib/tokens/repo";
import { teamLabelValues } from "@/lib/access/repo";
import { apiAccess, type ApiMethod, type ApiRoute } from "./permissions";
import { hasRole, isTeamScoped, type Role } from "./roles";
import { currentUser } from "./session";

/** Who is asking: a signed-in user or an API token, with the role and team scope. */
export interface Principal {
  kind: "session" | "token";
  id: string;
  name: string;
  role: Role;
  teams: string[];
}

/** The team slugs a principal's writes are limited to (runbooks, receivers); null = unscoped. */
export function scopeOf(principal: Principal): string[] | null {
  return isTeamScoped(principal.role) ? [...principal.teams].sort() : null;
}

/**
 * The `team` label values a principal's PromQL, alerts and silences are limited to —
 * their teams' label values, which an admin may set apart from the slugs; null = unscoped.
 */
export async function labelScopeOf(principal: Principal): Promise<string[] | null> {
  const slugs = scopeOf(principal);
  return slugs === null ? null : teamLabelValues(slugs);
}

/**
 * The API token of a request: `Authorization: Bearer <token>`, or basic auth with the
 * token as password (for Prometheus clients that only do basic auth, such as promtool
 * before 2.43 with `http://token:<token>@console/api/prom/default`).
 */
export function tokenOf(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 ? decoded.slice(colon + 1) : null;
}

/**
 * The guard of every route handler: the caller (an API token when one is sent, and then
 * only that; else the session cookie), held against the handler's line of the permission
 * table (`API_ROUTES` in lib/auth/permissions.ts). Throws AppError 401/403.
 */
export async function apiPrincipal<R extends ApiRoute>(request: Request, route: R, method: ApiMethod<R>): Promise<Principal> {
  const minimum = apiAccess(route, method);
  if (!minimum || minimum === "public") throw new Error(`${method} ${route} is not a guarded route in the permission table`);
  const token = tokenOf(request);
  let principal: Principal | null = null;
  if (token) {
    const t = await principalForToken(token);
    if (!t) throw new AppError("auth:unauthenticated", "Unknown, expired or revoked API token");
    principal = { kind: "token", id: t.tokenId, name: t.name, role: t.role, teams: t.teams };
  } else {
    const user = await currentUser();
    if (user) principal = { kind: "session", id: user.id, name: user.name, role: user.role, teams: user.teams };
  }
  if (!principal) throw new AppError("auth:unauthenticated", "Sign in or send an API token");
  if (!hasRole(principal.role, minimum)) {
    throw new AppError("auth:forbidden", `${method} ${route} needs the ${minimum} role; you have ${principal.role}`);
  }
  return principal;
}
