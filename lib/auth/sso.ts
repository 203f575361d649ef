import YAML from "yaml";
import { z } from "zod";
import { hasRole, RoleSchema, type Role } from "./roles";

/**
 * Single sign-on through any OpenID Connect provider (Keycloak, Okta, Entra ID, Dex,
 * Google Workspace, Authentik…), configured by the environment. The provider says who
 * someone is and which groups they are in; the group map here says what those groups
 * mean in the console: a role, and teams (a trailing `*` makes them the team's lead).
 * Pure: read by lib/auth/options.ts (the next-auth provider) and the sign-in page.
 */

const TeamRef = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}\*?$/, { error: "a team slug, with a trailing * for its lead (e.g. inference*)" })
  .transform((s) => ({ team: s.replace(/\*$/, ""), lead: s.endsWith("*") }));

/** One group's meaning: a role, teams, or both; `fleet-sre: sre` is short for `{role: sre}`. */
const GroupGrant = z.union(
  [RoleSchema.transform((role) => ({ role, teams: [] as { team: string; lead: boolean }[] })), z.object({ role: RoleSchema.optional(), teams: z.array(TeamRef).default([]) }).strict()],
  { error: "a role (viewer, developer, sre or admin) or {role, teams}" },
);
export type GroupGrant = z.infer<typeof GroupGrant>;

const GroupMap = z.record(z.string().min(1), GroupGrant);

export const SsoEnvSchema = z.object({
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The button's words: "Sign in with <OIDC_NAME>". */
  OIDC_NAME: z.string().min(1).max(60).default("single sign-on"),
  OIDC_SCOPES: z.string().default("openid email profile"),
  /** The claim that lists the user's groups; a dotted path reaches into objects (Keycloak: realm_access.roles). */
  OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  /** YAML (or JSON): group → role, or group → {role, teams}. E.g. `{fleet-admins: admin, ml-inference: {role: developer, teams: [inference]}}`. */
  OIDC_GROUP_MAP: z.string().default("{}"),
  /** The role of someone in no mapped group: "none" refuses them. */
  OIDC_DEFAULT_ROLE: z.union([RoleSchema, z.literal("none")]).default("none"),
});

export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  scopes: string;
  groupsClaim: string;
  groupMap: Record<string, GroupGrant>;
  defaultRole: Role | "none";
}

/**
 * The SSO configuration, or null when OIDC_ISSUER is unset (password sign-in only).
 * A half-set or malformed configuration is an error that names the variable, so a
 * console never starts with SSO silently off or mapping groups wrongly.
 */
export function ssoConfig(source: Record<string, string | undefined>): SsoConfig | null {
  const env = SsoEnvSchema.safeParse(source);
  if (!env.success) throw new Error(`Invalid SSO configuration: ${env.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const e = env.data;
  if (!e.OIDC_ISSUER) return null;
  if (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) throw new Error("Invalid SSO configuration: OIDC_ISSUER is set, so OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed too");
  let raw: unknown;
  try {
    raw = YAML.parse(e.OIDC_GROUP_MAP);
  } catch (error) {
    throw new Error(`Invalid SSO configuration: OIDC_GROUP_MAP is not YAML or JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const map = GroupMap.safeParse(raw ?? {});
  if (!map.success) throw new Error(`Invalid SSO configuration: OIDC_GROUP_MAP: ${map.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ")}`);
  return {
    issuer: e.OIDC_ISSUER.replace(/\/$/, ""),
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    name: e.OIDC_NAME,
    scopes: e.OIDC_SCOPES,
    groupsClaim: e.OIDC_GROUPS_CLAIM,
    groupMap: map.data,
    defaultRole: e.OIDC_DEFAULT_ROLE,
  };
}

/** The groups in a set of claims: an array of strings, one string, or absent; a dotted claim name reaches into objects. */
export function groupsFrom(claims: Record<string, unknown>, claim: string): string[] {
  let value: unknown = claims[claim];
  if (value === undefined && claim.includes(".")) {
    value = claim.split(".").reduce<unknown>((v, part) => (v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined), claims);
  }
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

import type { SsoRefusal } from "./sign-in-messages";

export { SSO_REFUSALS, signInErrorMessage, type SsoRefusal } from "./sign-in-messages";

export interface SsoIdentity {
  /** `<issuer>#<sub>`: the account's lasting name (an e-mail can change; the subject does not). */
  ssoId: string;
  email: string;
  name: string;
  role: Role;
  teams: { team: string; lead: boolean }[];
}

/**
 * What a signed-in SSO user is in the console: the highest role of their mapped groups
 * (or the default role when no group gives one), the union of the groups' teams (lead
 * if any group says so). Refused without a role, without an e-mail, or with an e-mail
 * the provider says is unverified.
 */
export function ssoIdentity(claims: Record<string, unknown>, config: SsoConfig): SsoIdentity | { refusal: SsoRefusal } {
  const sub = typeof claims.sub === "string" && claims.sub ? claims.sub : null;
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!sub || !z.string().email().safeParse(email).success) return { refusal: "sso-no-email" };
  if (claims.email_verified === false || claims.email_verified === "false") return { refusal: "sso-unverified" };
  let role: Role | null = null;
  const teams = new Map<string, boolean>();
  for (const group of groupsFrom(claims, config.groupsClaim)) {
    const grant = config.groupMap[group];
    if (!grant) continue;
    if (grant.role && (!role || hasRole(grant.role, role))) role = grant.role;
    for (const t of grant.teams) teams.set(t.team, (teams.get(t.team) ?? false) || t.lead);
  }
  role ??= config.defaultRole === "none" ? null : config.defaultRole;
  if (!role) return { refusal: "sso-no-role" };
  const name = [claims.name, claims.preferred_username, email].find((v): v is string => typeof v === "string" && v.trim() !== "")!.trim().slice(0, 200);
  return {
    ssoId: `${config.issuer}#${sub}`,
    email,
    name,
    role,
    teams: [...teams].sort(([a], [b]) => a.localeCompare(b)).map(([team, lead]) => ({ team, lead })),
  };
}
