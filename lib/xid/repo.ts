import "server-only";
import { XID_CATALOGUE, XidCodeSchema, type XidCode } from "@/lib/xid/catalogue";
import { getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";

/** Seeds the catalogue's codes that are missing (an admin's edit of a row survives). */
export async function seedXidCodes(db: PrismaClient = getPrisma()): Promise<number> {
  const result = await db.xidCode.createMany({ data: XID_CATALOGUE.map((c) => ({ ...c, updatedBy: "seed" })), skipDuplicates: true });
  return result.count;
}

/**
 * The XID catalogue as PostgreSQL holds it; the built-in one when PostgreSQL cannot be
 * read (an on-call engineer still sees what XID 79 means).
 */
export async function listXidCodes(db: PrismaClient = getPrisma()): Promise<{ codes: XidCode[]; source: "database" | "built-in" }> {
  try {
    const rows = await db.xidCode.findMany({ orderBy: { code: "asc" } });
    return { codes: rows.map((r) => XidCodeSchema.parse({ code: r.code, name: r.name, meaning: r.meaning, severity: r.severity, action: r.action, runbook: r.runbook })), source: "database" };
  } catch (error) {
    console.error(`xid codes: ${(error as Error).message.split("\n")[0]}; serving the built-in catalogue`);
    return { codes: [...XID_CATALOGUE], source: "built-in" };
  }
}
