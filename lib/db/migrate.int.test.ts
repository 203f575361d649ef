import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "./client";
import type { PrismaClient } from "./generated/client";
import { migrate, readMigrations } from "./migrate";

const MIGRATIONS = path.join(import.meta.dirname, "../../prisma/migrations");
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error("DATABASE_URL must point at the test harness' PostgreSQL");

/** A fresh database on the harness' server, dropped afterwards. */
async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(name: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

async function rows<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migration runner on a fresh database", () => {
  const name = `migrate_${process.pid}`;
  let url: string;
  let db: PrismaClient;

  beforeAll(async () => {
    url = await freshDatabase(name);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await dropDatabase(name);
  });

  it("applies every migration once and records it as Prisma does", async () => {
    const all = await readMigrations(MIGRATIONS);
    const first = await migrate(url, MIGRATIONS);
    expect(first.applied).toEqual(all.map((m) => m.name));
    const again = await migrate(url, MIGRATIONS);
    expect(again).toEqual({ applied: [], alreadyApplied: all.map((m) => m.name) });

    const recorded = await rows<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(recorded.map((r) => [r.migration_name, r.checksum])).toEqual(all.map((m) => [m.name, m.checksum]));
    expect(recorded.every((r) => r.finished_at instanceof Date && r.applied_steps_count === 1)).toBe(true);
  });

  it("schema.prisma and the migrations agree: every model round-trips every field", async () => {
    db = createPrisma(url);
    const team = await db.team.create({ data: { slug: "ml-research", name: "ML Research", labelValue: "ml-research" } });
    const user = await db.user.create({
      data: { email: "a@b.c", name: "A", passwordHash: "$2b$12$x", role: "sre", memberships: { create: { teamId: team.id, lead: true } } },
      include: { memberships: true },
    });
    const read = await db.user.findUniqueOrThrow({ where: { email: "a@b.c" }, include: { memberships: { include: { team: true } } } });
    expect(read).toMatchObject({ id: user.id, email: "a@b.c", name: "A", passwordHash: "$2b$12$x", role: "sre" });
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(read.updatedAt).toBeInstanceOf(Date);
    expect(read.memberships).toHaveLength(1);
    expect(read.memberships[0]).toMatchObject({ userId: user.id, teamId: team.id, lead: true });
    expect(read.memberships[0]?.createdAt).toBeInstanceOf(Date);
    expect(read.memberships[0]?.team).toMatchObject({ slug: "ml-research", name: "ML Research", labelValue: "ml-research" });
    for (const role of ["viewer", "developer", "sre", "admin"] as const) {
      const u = await db.user.create({ data: { email: `${role}@x.y`, name: role, role } });
      expect(u.role).toBe(role);
      expect(u.passwordHash).toBeNull();
    }
    // Unique e-mail and slug, and cascades on delete, are enforced by the database.
    await expect(db.user.create({ data: { email: "a@b.c", name: "dup" } })).rejects.toThrow();
    await expect(db.team.create({ data: { slug: "ml-research", name: "dup", labelValue: "x" } })).rejects.toThrow();
    await db.user.delete({ where: { id: user.id } });
    expect(await db.membership.count()).toBe(0);
  });
});

describe("migration runner refuses what would corrupt", () => {
  const name = `migrate_bad_${process.pid}`;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    url = await freshDatabase(name);
    dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(name);
  });

  function write(migration: string, sql: string) {
    mkdirSync(path.join(dir, migration), { recursive: true });
    writeFileSync(path.join(dir, migration, "migration.sql"), sql);
  }

  it("rolls a failing migration back whole and applies nothing of it", async () => {
    write("20260101000000_ok", 'CREATE TABLE "a" ("id" INT);');
    write("20260102000000_broken", 'CREATE TABLE "b" ("id" INT);\nCREATE TABLE "a" ("id" INT);');
    await expect(migrate(url, dir)).rejects.toThrow(/20260102000000_broken failed: relation "a" already exists/);
    const tables = await rows<{ tablename: string }>(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((t) => t.tablename)).toEqual(["_prisma_migrations", "a"]);
    const recorded = await rows<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.map((r) => r.migration_name)).toEqual(["20260101000000_ok"]);
  });

  it("refuses a migration edited after it was applied", async () => {
    rmSync(path.join(dir, "20260102000000_broken"), { recursive: true });
    write("20260101000000_ok", 'CREATE TABLE "a" ("id" BIGINT);');
    await expect(migrate(url, dir)).rejects.toThrow(/was changed after it was applied/);
  });
});
