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

/**
 * Known tokens are remembered for a short while, so a dashboard's burst of queries does
 * not cost a database round trip each; a deleted token stops working within this time.
 */
const REMEMBER_MS = 30_000;
const remembered = new Map<string, { principal: TokenPrincipal; until: number; expiresAt: number | null }>();

/** The principal of a bearer token, or null when it is unknown or expired. */
export async function principalForToken(token: string, db: PrismaClient = getPrisma(), now = new Date()): Promise<TokenPrincipal | null> {
  if (!token.startsWith(PREFIX)) return null;
  const hash = hashToken(token);
  const known = remembered.get(hash);
  if (known && known.until > now.getTime() && (known.expiresAt === null || known.expiresAt > now.getTime())) return known.principal;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hash } });
  if (!row || (row.expiresAt && row.expiresAt <= now)) {
    remembered.delete(hash);
    return null;
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const principal = { tokenId: row.id, name: row.name, role: row.role, teams: row.teams };
  if (remembered.size > 10_000) remembered.clear();
  remembered.set(hash, { principal, until: now.getTime() + REMEMBER_MS, expiresAt: row.expiresAt?.getTime() ?? null });
  return principal;
}
