import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Role } from "@/lib/auth/roles";
import { getPrisma } from "./client";
import type { PrismaClient } from "./generated/client";

/** `gfc_` + 32 random bytes; only its SHA-256 is stored. */
const PREFIX = "gfc_";
/** lastUsedAt is written at most this often per token (not on every request). */
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface TokenPrincipal {
  tokenId: string;
  name: string;
  role: Role;
  teams: string[];
}

export async function createApiToken(
  input: { name: string; role: Role; teams: string[]; expiresAt?: Date; createdById?: string },
  db: PrismaClient = getPrisma(),
): Promise<{ token: string; id: string }> {
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await db.apiToken.create({
    data: { name: input.name, role: input.role, teams: input.teams, expiresAt: input.expiresAt, createdById: input.createdById, tokenHash: hashToken(token) },
  });
  return { token, id: row.id };
}

/** The principal of a bearer token, or null when it is unknown or expired. */
export async function principalForToken(token: string, db: PrismaClient = getPrisma(), now = new Date()): Promise<TokenPrincipal | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { tokenId: row.id, name: row.name, role: row.role, teams: row.teams };
}
