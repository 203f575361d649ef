import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HISTORY_LIMIT } from "@/lib/explore/schema";
import { createPrisma } from "@/lib/db/client";
import { clearHistory, listHistory, recordQuery } from "./repo";

const db = createPrisma();
const T = Date.UTC(2026, 10, 23, 12);
let tick = 0;
/** Runs one second apart, so "newest first" is not left to ties. */
const at = () => new Date(T + 1000 * tick++);

describe("Explore's query history in the real PostgreSQL", () => {
  let alice = "";
  let bob = "";
  beforeAll(async () => {
    await db.user.deleteMany({ where: { email: { in: ["history-a@int.test", "history-b@int.test"] } } });
    alice = (await db.user.create({ data: { email: "history-a@int.test", name: "A", role: "developer" } })).id;
    bob = (await db.user.create({ data: { email: "history-b@int.test", name: "B", role: "sre" } })).id;
  });
  afterAll(async () => {
    await db.user.deleteMany({ where: { email: { in: ["history-a@int.test", "history-b@int.test"] } } });
    await db.$disconnect();
  });

  it("keeps each user's queries apart, newest first; running one again moves it up and counts it", async () => {
    await recordQuery(alice, { datasource: "default", expr: "up" }, db, at());
    await recordQuery(alice, { datasource: "default", expr: "DCGM_FI_DEV_GPU_UTIL" }, db, at());
    await recordQuery(bob, { datasource: "default", expr: "bob's" }, db, at());
    const again = await recordQuery(alice, { datasource: "default", expr: "up" }, db, at());
    expect(again.runCount).toBe(2);
    // The same text on another datasource is another entry.
    await recordQuery(alice, { datasource: "vm", expr: "up" }, db, at());
    expect((await listHistory(alice, db)).map((e) => [e.datasource, e.expr, e.runCount])).toEqual([
      ["vm", "up", 1],
      ["default", "up", 2],
      ["default", "DCGM_FI_DEV_GPU_UTIL", 1],
    ]);
    expect((await listHistory(bob, db)).map((e) => e.expr)).toEqual(["bob's"]);
  });

  it(`keeps the newest ${HISTORY_LIMIT} and drops older ones; clearing removes only the user's`, async () => {
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) await recordQuery(alice, { datasource: "default", expr: `q${i}` }, db, at());
    const kept = await listHistory(alice, db);
    expect(kept).toHaveLength(HISTORY_LIMIT);
    expect(kept[0]!.expr).toBe(`q${HISTORY_LIMIT + 4}`);
    expect(await db.queryHistory.count({ where: { userId: alice } })).toBe(HISTORY_LIMIT);
    expect(await clearHistory(alice, db)).toBe(HISTORY_LIMIT);
    expect(await listHistory(bob, db)).toHaveLength(1);
  });
});
