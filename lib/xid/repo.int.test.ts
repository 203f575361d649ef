import { afterAll, describe, expect, it } from "vitest";
import { XID_CATALOGUE } from "@/lib/xid/catalogue";
import { createPrisma } from "@/lib/db/client";
import { listXidCodes, seedXidCodes } from "./repo";

/** The XID catalogue in the real PostgreSQL the harness migrated and seeded. */
const db = createPrisma();
afterAll(() => db.$disconnect());

describe("the XID catalogue in PostgreSQL", () => {
  it("is seeded with every code of the built-in catalogue, and read back as it", async () => {
    const { codes, source } = await listXidCodes(db);
    expect(source).toBe("database");
    expect(codes.map((c) => c.code)).toEqual(XID_CATALOGUE.map((c) => c.code).sort((a, b) => a - b));
    expect(codes.find((c) => c.code === 79)).toEqual(XID_CATALOGUE.find((c) => c.code === 79));
  });

  it("keeps an admin's edit of a row through a re-seed, and refuses an action or severity it does not know", async () => {
    const original = await db.xidCode.findUniqueOrThrow({ where: { code: 92 } });
    try {
      await db.xidCode.update({ where: { code: 92 }, data: { action: "reset-gpu", meaning: "Our policy: reset at a high SBE rate.", updatedBy: "int admin" } });
      expect(await seedXidCodes(db)).toBe(0);
      expect(await db.xidCode.findUniqueOrThrow({ where: { code: 92 } })).toMatchObject({ action: "reset-gpu", meaning: "Our policy: reset at a high SBE rate.", updatedBy: "int admin" });
      await expect(db.xidCode.update({ where: { code: 92 }, data: { action: "reboot-datacenter" } })).rejects.toThrow(/xid_codes_action_check/);
      await expect(db.xidCode.update({ where: { code: 92 }, data: { severity: "meh" } })).rejects.toThrow(/xid_codes_severity_check/);
    } finally {
      await db.xidCode.update({ where: { code: 92 }, data: { action: original.action, meaning: original.meaning, updatedBy: original.updatedBy } });
    }
  });

  it("a code deleted by mistake comes back with the next seed", async () => {
    await db.xidCode.delete({ where: { code: 121 } });
    expect(await seedXidCodes(db)).toBe(1);
    expect(await db.xidCode.findUnique({ where: { code: 121 } })).toMatchObject({ name: "C2C link corrected error", updatedBy: "seed" });
  });

  it("answers with the built-in catalogue when PostgreSQL cannot be read", async () => {
    const nowhere = createPrisma("postgresql://nobody@127.0.0.1:1/none");
    try {
      const { codes, source } = await listXidCodes(nowhere);
      expect(source).toBe("built-in");
      expect(codes).toEqual(XID_CATALOGUE);
    } finally {
      await nowhere.$disconnect();
    }
  });
});
