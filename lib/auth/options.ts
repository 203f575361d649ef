import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { findUserByEmail } from "@/lib/db/users";
import { dummyHash, verifyPassword } from "./password";
import { RoleSchema, SessionUserSchema, type SessionUser } from "./roles";

const CredentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(1024),
});

/** Checks e-mail and password; null (never an exception) when they do not match. */
export async function authorizeCredentials(raw: unknown): Promise<SessionUser | null> {
  const parsed = CredentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const user = await findUserByEmail(parsed.data.email);
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !user.passwordHash || !ok) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, teamIds: user.teamIds, teams: user.teams };
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      authorize: (credentials) => authorizeCredentials(credentials),
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = SessionUserSchema.parse(user);
        token.sub = u.id;
        token.role = u.role;
        token.teamIds = u.teamIds;
        token.teams = u.teams;
      }
      return token;
    },
    session({ session, token }) {
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
