import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { z } from "zod";
import { getEnv } from "@/lib/api/env";
import { isDatabaseDown } from "@/lib/api/errors";
import { clearPair, recordThrottledFailure, throttleKeys, throttleWaitMs } from "./throttle-repo";
import { consoleMetrics } from "@/lib/metrics/console";
import { findUserByEmail, recordLoginSuccess, signInWithSso, type UserWithTeams } from "@/lib/access/repo";
import { dummyHash, verifyPassword } from "./password";
import { RoleSchema, SessionUserSchema, type SessionUser } from "./roles";
import { sessionState } from "./session-state";
import { clientAddress, throttledCode } from "./throttle";
import { ssoConfig, ssoIdentity, type SsoConfig, type SsoRefusal } from "./sso";

const CredentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(1024),
});

/** A sign-in refused for a reason the page explains: the message is a code (lib/auth/sso.ts' signInErrorMessage), never raw text. */
export class SignInRefused extends Error {
  constructor(code: string) {
    super(code);
    this.name = "SignInRefused";
  }
}

type SignedInUser = SessionUser & { sessionVersion: number };

/** What a sign-in (password or SSO) hands to the jwt callback. */
const signedInUser = (u: UserWithTeams): SignedInUser => ({ id: u.id, email: u.email, name: u.name, role: u.role, teamIds: u.teamIds, teams: u.teams, sessionVersion: u.sessionVersion });

/**
 * Checks e-mail and password; null (never an exception) when they do not match. Failures
 * are throttled per client address and e-mail (lib/auth/throttle.ts) whether or not the
 * account exists; a throttled attempt is refused before any bcrypt work, with the same
 * answer for every account. A wrong e-mail and a wrong password take the same time. The
 * database down: refused as "database-unavailable", no driver text.
 */
export async function authorizeCredentials(raw: unknown, address = "unknown", nowMs = Date.now()): Promise<SignedInUser | null> {
  const parsed = CredentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  try {
    const keys = throttleKeys(address, parsed.data.email);
    const wait = await throttleWaitMs(keys, nowMs);
    if (wait > 0) throw new SignInRefused(throttledCode(wait));
    const user = await findUserByEmail(parsed.data.email);
    const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !user.passwordHash || user.disabled || !ok) {
      const now = await recordThrottledFailure(keys, nowMs);
      if (now > 0) throw new SignInRefused(throttledCode(now));
      return null;
    }
    await clearPair(keys);
    await recordLoginSuccess(user.id);
    return signedInUser(user);
  } catch (error) {
    if (error instanceof SignInRefused) throw error;
    if (isDatabaseDown(error)) throw new SignInRefused("database-unavailable");
    console.error("sign-in failed:", (error as Error).message);
    throw new SignInRefused("sign-in-failed");
  }
}

/**
 * An SSO sign-in: the provider's claims → the console's user (created or brought in line
 * with the groups), or the reason it is refused (shown on the sign-in page).
 */
export async function authorizeSso(claims: Record<string, unknown>, config: SsoConfig): Promise<SignedInUser | { refusal: SsoRefusal }> {
  const identity = ssoIdentity(claims, config);
  if ("refusal" in identity) return identity;
  const result = await signInWithSso(identity);
  return "refusal" in result ? result : signedInUser(result.user);
}

/** The OpenID Connect provider (discovery from the issuer, PKCE, state and nonce), claims from the ID token and userinfo together. */
function oidcProvider(config: SsoConfig): OAuthConfig<Record<string, unknown>> {
  return {
    id: "oidc",
    name: config.name,
    type: "oauth",
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: config.scopes } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    // Providers put groups in the ID token (Entra ID), in userinfo (Dex, Okta), or both.
    userinfo: {
      async request({ tokens, client }) {
        const info = tokens.access_token ? await client.userinfo(tokens.access_token).catch(() => ({})) : {};
        // At run time `tokens` is openid-client's TokenSet, which decodes the (verified) ID token.
        const idToken = (tokens as unknown as { claims(): Record<string, unknown> }).claims();
        return { ...info, ...idToken };
      },
    },
    profile: (claims) => ({ id: String(claims.sub), email: typeof claims.email === "string" ? claims.email : null, name: typeof claims.name === "string" ? claims.name : null }),
  };
}

/** The SSO configuration from the environment (null: passwords only); a malformed one stops the console with the variable's name. */
export const sso = ssoConfig(process.env);

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  // Secure, __Secure-prefixed cookies whenever the console is served over https (production); httpOnly and SameSite=Lax always.
  useSecureCookies: (process.env.NEXTAUTH_URL ?? "").startsWith("https://"),
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      authorize: async (credentials, req) => {
        const forwarded = req?.headers?.["x-forwarded-for"] as string | string[] | undefined;
        const user = await authorizeCredentials(credentials, clientAddress(Array.isArray(forwarded) ? forwarded.join(",") : forwarded, getEnv().TRUST_PROXY_HOPS)).catch((error: unknown) => {
          consoleMetrics().signIns.inc({ method: "password", result: "failure" });
          throw error;
        });
        consoleMetrics().signIns.inc({ method: "password", result: user ? "success" : "failure" });
        return user;
      },
    }),
    ...(sso ? [oidcProvider(sso)] : []),
  ],
  callbacks: {
    async signIn({ user, account, profile }) {
      if (account?.provider !== "oidc" || !sso) return true;
      const result = await authorizeSso((profile ?? {}) as Record<string, unknown>, sso).catch((error: unknown) => {
        // The database down is not the identity provider's fault: say which it is.
        if (isDatabaseDown(error)) return { refusal: "database-unavailable" as const };
        console.error("single sign-on failed:", (error as Error).message);
        return { refusal: "sso-failed" as const };
      });
      consoleMetrics().signIns.inc({ method: "sso", result: "refusal" in result ? "failure" : "success" });
      if ("refusal" in result) return `/login?error=${result.refusal}`;
      // next-auth hands this same object to the jwt callback: it becomes the console's user.
      Object.assign(user, result);
      return true;
    },
    async jwt({ token, user }) {
      if (user) {
        const u = SessionUserSchema.parse(user);
        token.sub = u.id;
        token.role = u.role;
        token.teamIds = u.teamIds;
        token.teams = u.teams;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        return token;
      }
      // Every later request: is the session still standing, and what are role and teams now?
      if (!token.sub || token.ended) return token;
      const state = await sessionState(token.sub, typeof token.sv === "number" ? token.sv : 0);
      if (state?.ended) return { ...token, ended: true };
      if (state) Object.assign(token, { name: state.name, role: state.role, teamIds: state.teamIds, teams: state.teams });
      return token;
    },
    session({ session, token }) {
      // An ended session has no user: currentUser() reads it as signed out.
      if (token.ended) return { ...session, user: { id: "", email: "", name: "", role: "viewer", teamIds: [], teams: [] } };
      const role = RoleSchema.safeParse(token.role);
      session.user = {
        id: token.sub ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
        role: role.success ? role.data : "viewer",
        teamIds: Array.isArray(token.teamIds) ? token.teamIds.map(String) : [],
        teams: Array.isArray(token.teams) ? token.teams.map(String) : [],
      };
      return session;
    },
  },
};
