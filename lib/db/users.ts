import "server-only";
import type { Role } from "@/lib/auth/roles";
import { getPrisma } from "./client";
import type { PrismaClient } from "./generated/client";

export interface UserWithTeams {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  teamIds: string[];
  teams: string[];
}

export async function findUserByEmail(email: string, db: PrismaClient = getPrisma()): Promise<UserWithTeams | null> {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    include: { memberships: { select: { teamId: true, team: { select: { slug: true } } } } },
  });
  if (!user) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    passwordHash: user.passwordHash,
    teamIds: user.memberships.map((m) => m.teamId),
    teams: user.memberships.map((m) => m.team.slug),
  };
}
