import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit/model";
import { listAudit, recordAudit } from "./repo";
import { createPrisma } from "@/lib/db/client";

const db = createPrisma();
const run = `audit-${Date.now().toString(36)}`;

describe("the audit log in the real PostgreSQL", () => {
  afterAll(() => db.$disconnect());

  it("is append-only: UPDATE, DELETE and TRUNCATE are refused by the database itself", async () => {
    await recordAudit(db, systemActor(run), { action: "annotation.create", targetId: `${run}-x`, after: { text: "x" } });
    const row = await db.auditEvent.findFirstOrThrow({ where: { actorName: run } });
    await expect(db.$executeRawUnsafe(`UPDATE audit_events SET "actorName" = 'someone else' WHERE id = ${row.id}`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM audit_events WHERE id = ${row.id}`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.deleteMany({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ actorName: run, after: { text: "x" } });
  });

  it("refuses an action that is not <target>.<verb>", async () => {
    await expect(recordAudit(db, systemActor(run), { action: "Annotation create" as "annotation.create", targetId: "x" })).rejects.toThrow();
  });

  it("filters by actor, action prefix, target and time, newest first, in pages", async () => {
    for (let i = 0; i < 5; i++) await recordAudit(db, systemActor(`${run}-pager`), { action: i % 2 ? "silence.update" : "silence.create", targetId: `${run}-s${i}` });
    const first = await listAudit({ actor: `${run}-pager`, limit: 2 }, db);
    expect(first.events.map((e) => e.targetId)).toEqual([`${run}-s4`, `${run}-s3`]);
    const second = await listAudit({ actor: `${run}-pager`, limit: 2, before: first.next! }, db);
    expect(second.events.map((e) => e.targetId)).toEqual([`${run}-s2`, `${run}-s1`]);
    const last = await listAudit({ actor: `${run}-pager`, limit: 2, before: second.next! }, db);
    expect([last.events.map((e) => e.targetId), last.next]).toEqual([[`${run}-s0`], null]);
    expect((await listAudit({ actor: `${run}-PAGER`, action: "silence.update", limit: 100 }, db)).events.map((e) => e.targetId)).toEqual([`${run}-s3`, `${run}-s1`]);
    expect((await listAudit({ actor: `${run}-pager`, action: "silence", limit: 100 }, db)).events).toHaveLength(5);
    expect((await listAudit({ targetType: "silence", targetId: `${run}-s2`, limit: 100 }, db)).events).toHaveLength(1);
    expect((await listAudit({ actor: `${run}-pager`, from: Date.now() + 60_000, limit: 100 }, db)).events).toHaveLength(0);
  });
});
