import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnnotation, deleteAnnotation, listAnnotations } from "./repo";
import { systemActor } from "@/lib/audit/model";
import { createPrisma } from "@/lib/db/client";

const db = createPrisma();
const T = Date.UTC(2026, 10, 23, 12);
const MIN = 60_000;

describe("annotations in the real PostgreSQL", () => {
  beforeAll(async () => {
    await db.annotation.deleteMany({ where: { tags: { has: "int-test" } } });
  });
  afterAll(async () => {
    await db.annotation.deleteMany({ where: { tags: { has: "int-test" } } });
    await db.$disconnect();
  });

  it("stores points and ranges and finds those that touch a window", async () => {
    const author = systemActor("int-test");
    const point = await createAnnotation({ startsAt: T, text: "deploy v2", tags: ["int-test", "deploy"], dashboardId: "sre" }, author, db);
    const range = await createAnnotation({ startsAt: T - 60 * MIN, endsAt: T - 30 * MIN, text: "maintenance", tags: ["int-test"] }, author, db);
    const other = await createAnnotation({ startsAt: T - 10 * MIN, text: "other dashboard", tags: ["int-test"], dashboardId: "capacity" }, author, db);
    expect(point).toMatchObject({ startsAt: T, endsAt: null, text: "deploy v2", dashboardId: "sre", authorName: "int-test" });

    const ids = async (q: { from: number; to: number; dashboardId?: string }) => (await listAnnotations(q, db)).filter((a) => a.tags.includes("int-test")).map((a) => a.id);
    // A window inside the range only: the range (it overlaps), not the point.
    expect(await ids({ from: T - 45 * MIN, to: T - 40 * MIN })).toEqual([range.id]);
    // The point at the window's edge counts; the other dashboard's does not for "sre".
    expect(await ids({ from: T - 15 * MIN, to: T, dashboardId: "sre" })).toEqual([point.id]);
    expect(await ids({ from: T - 15 * MIN, to: T })).toEqual([other.id, point.id]);
    // Global annotations (no dashboard) show on every dashboard.
    expect(await ids({ from: T - 90 * MIN, to: T, dashboardId: "capacity" })).toEqual([range.id, other.id]);

    expect(await deleteAnnotation(point.id, author, db)).toBe(true);
    expect(await deleteAnnotation(point.id, author, db)).toBe(false);
    // Both writes are in the audit log, with what was written and what was deleted.
    const audit = await db.auditEvent.findMany({ where: { targetId: point.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorKind, a.actorName])).toEqual([
      ["annotation.create", "system", "int-test"],
      ["annotation.delete", "system", "int-test"],
    ]);
    expect(audit[0]!.after).toMatchObject({ text: "deploy v2", tags: ["int-test", "deploy"] });
    expect(audit[1]!.before).toMatchObject({ text: "deploy v2" });
  });
});
