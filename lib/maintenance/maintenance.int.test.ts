import { afterAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { createPrisma } from "@/lib/db/client";
import { until } from "../../scripts/test/prometheus";
import { CLAIM_STALE_MS } from "./repo";
import { createFromRequest, deleteFromRequest, listFromRequest, materialize, updateFromRequest } from "./service";

/**
 * Maintenance windows on the real stack: the service the routes call, the real PostgreSQL
 * and the stack's real Alertmanager. A one-off window's silence is written ahead (pending
 * in Alertmanager), goes active when the window begins and is expired by Alertmanager when
 * it ends; editing a recurring window replaces the silences of occurrences not yet begun
 * and leaves the one in progress alone; deleting expires what is still to come.
 */
const AM = process.env.ALERTMANAGER_URL!;
const run = `maint-${Date.now()}`;
const SRE: Principal = { kind: "token", id: `${run}-sre`, name: "int maintenance sre", role: "sre", teams: [] };
const DEV: Principal = { kind: "token", id: `${run}-dev`, name: "int maintenance dev", role: "developer", teams: ["inference"] };
const db = createPrisma();
const eq = (name: string, value: string) => ({ name, value, isRegex: false, isEqual: true });

type AmSilence = { id: string; status: { state: string }; startsAt: string; endsAt: string; matchers: { name: string; value: string }[]; comment: string };
async function amSilences(tag: string): Promise<AmSilence[]> {
  const all = (await (await fetch(`${AM}/api/v2/silences`)).json()) as AmSilence[];
  return all.filter((s) => s.matchers.some((m) => m.name === "run" && m.value === tag));
}
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: { status?: number; message?: string }) => ({ status: e.status, message: e.message }));

afterAll(async () => {
  // Its windows go (their bands would show on every dashboard of the e2e stage), and nothing of this file's is left silencing.
  await db.maintenanceWindow.updateMany({ where: { name: { contains: run }, deletedAt: null }, data: { deletedAt: new Date(), deletedBy: "int test" } });
  const rows = await db.silence.findMany({ where: { comment: { contains: run }, expiredAt: null } });
  await db.silence.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { expiredAt: new Date(), version: { increment: 1 } } });
  await db.silenceSync.updateMany({ where: { silenceId: { in: rows.map((r) => r.id) } }, data: { state: "pending" } });
  const { reconcile } = await import("@/lib/silences/sync");
  await reconcile({ alertmanagers: [AM] });
  await db.$disconnect();
}, 60_000);

describe("a maintenance window silences ahead of time, and its silence expires after", () => {
  it("a one-off window: pending in Alertmanager before it begins, active during, expired after", async () => {
    const tag = `${run}-once`;
    // Far enough ahead that the silence is seen pending in Alertmanager even on a busy machine.
    const startsAt = Date.now() + 12_000;
    const w = await createFromRequest(SRE, { name: `int once ${run}`, matchers: [eq("alertname", "IntMaintenance"), eq("run", tag)], schedule: { kind: "once", startsAt, endsAt: startsAt + 6_000 }, comment: `firmware ${run}` });
    expect(w.describe).toBe("once");
    expect(w.upcoming).toHaveLength(1);
    expect(w.upcoming[0]).toMatchObject({ startsAt, endsAt: startsAt + 6_000, silenceState: "pending" });
    expect(w.upcoming[0]!.silenceId).toBeTruthy();

    const pending = await until("the silence, pending, in Alertmanager", async () => (await amSilences(tag)).find((s) => s.status.state === "pending"), 11_000);
    expect(Date.parse(pending.startsAt)).toBe(startsAt);
    expect(Date.parse(pending.endsAt)).toBe(startsAt + 6_000);
    // The copy names its console silence (so no replica ever imports or duplicates it).
    expect(pending.comment).toBe(`Maintenance window "int once ${run}": firmware ${run} [console silence ${w.upcoming[0]!.silenceId}]`);
    await until("it to go active when the window begins", async () => ((await amSilences(tag)).find((s) => s.id === pending.id)?.status.state === "active" ? true : undefined), 25_000);
    await until("Alertmanager to expire it when the window ends", async () => ((await amSilences(tag)).find((s) => s.id === pending.id)?.status.state === "expired" ? true : undefined), 20_000);
    // And the console agrees: the window has nothing left to come.
    const listed = (await listFromRequest(SRE)).find((x) => x.id === w.id)!;
    expect(listed.upcoming).toEqual([]);
  }, 60_000);

  it("editing a recurring window replaces the silences of occurrences not yet begun, never the one in progress", async () => {
    const tag = `${run}-hourly`;
    // Every hour for an hour: one occurrence is always in progress, 24 are ahead (MAINTENANCE_LOOKAHEAD_HOURS).
    // Its minute is half an hour from now, so no occurrence begins while the test runs.
    const minute = (new Date().getUTCMinutes() + 30) % 60;
    const cron = `${minute} * * * *`;
    const input = { name: `int hourly ${run}`, matchers: [eq("alertname", "IntMaintenance"), eq("run", tag)], schedule: { kind: "cron", cron, durationMinutes: 60, timeZone: "UTC" }, comment: `hourly ${run}` };
    const w = await createFromRequest(SRE, input);
    expect(w.describe).toBe(`cron "${cron}" for 1 h (UTC)`);
    const made = await db.maintenanceOccurrence.findMany({ where: { windowId: w.id }, orderBy: { startsAt: "asc" } });
    expect(made.length).toBeGreaterThanOrEqual(24);
    const now = Date.now();
    const current = made.find((o) => o.startsAt.getTime() <= now)!;
    const ahead = made.filter((o) => o.startsAt.getTime() > now);
    expect(current.silenceId).toBeTruthy();
    expect(ahead.every((o) => o.silenceId)).toBe(true);

    const edited = await updateFromRequest(SRE, w.id, { ...input, schedule: { ...input.schedule, durationMinutes: 45 }, version: w.version });
    expect(edited.describe).toBe(`cron "${cron}" for 45 min (UTC)`);
    // The occurrence in progress keeps its silence, unchanged.
    const kept = await db.silence.findUniqueOrThrow({ where: { id: current.silenceId! } });
    expect(kept.expiredAt).toBeNull();
    expect(kept.endsAt.getTime()).toBe(current.endsAt.getTime());
    // Every one ahead: its old silence expired, a new one of 45 minutes made.
    const old = await db.silence.findMany({ where: { id: { in: ahead.map((o) => o.silenceId!) } } });
    expect(old.every((s) => s.expiredAt !== null)).toBe(true);
    const remade = await db.maintenanceOccurrence.findMany({ where: { windowId: w.id, startsAt: { gt: new Date(now) } }, include: { window: true } });
    expect(remade.length).toBe(ahead.length);
    const fresh = await db.silence.findMany({ where: { id: { in: remade.map((o) => o.silenceId!) } } });
    expect(fresh).toHaveLength(ahead.length);
    expect(fresh.every((s) => s.expiredAt === null && s.endsAt.getTime() - s.startsAt.getTime() === 45 * 60_000)).toBe(true);
    expect(fresh.filter((s) => old.some((o) => o.id === s.id))).toEqual([]);
    // Alertmanager holds the same: the old future silences expired, the new ones pending, the current one active.
    await until("Alertmanager to hold the edit", async () => {
      const inAm = await amSilences(tag);
      const byState = (state: string) => inAm.filter((s) => s.status.state === state);
      const ok = byState("pending").length === ahead.length && byState("active").length === 1 && byState("expired").length >= ahead.length;
      return ok && byState("pending").every((s) => Date.parse(s.endsAt) - Date.parse(s.startsAt) === 45 * 60_000) ? true : undefined;
    }, 30_000);
    // The audit log has the edit, before and after.
    const audit = await db.auditEvent.findFirst({ where: { action: "maintenance.update", targetId: w.id } });
    expect(audit?.actorName).toBe("int maintenance sre");

    // Deleting the window expires what is still to come; the occurrence in progress runs on.
    await deleteFromRequest(SRE, w.id, { version: edited.version });
    const after = await db.silence.findMany({ where: { id: { in: fresh.map((s) => s.id) } } });
    expect(after.every((s) => s.expiredAt !== null)).toBe(true);
    expect((await db.silence.findUniqueOrThrow({ where: { id: current.silenceId! } })).expiredAt).toBeNull();
    expect((await listFromRequest(SRE)).some((x) => x.id === w.id)).toBe(false);
  }, 90_000);

  it("an occurrence whose silence could not be made is made on a later pass, once, even by two passes at a time; one another pass holds is left to it", async () => {
    const tag = `${run}-retry`;
    const startsAt = Date.now() + 2 * 3_600_000;
    const w = await createFromRequest(SRE, { name: `int retry ${run}`, matchers: [eq("alertname", "IntMaintenance"), eq("run", tag)], schedule: { kind: "once", startsAt, endsAt: startsAt + 1_800_000 }, comment: `retry ${run}` });
    const key = { windowId_startsAt: { windowId: w.id, startsAt: new Date(startsAt) } };
    const first = await db.maintenanceOccurrence.findUniqueOrThrow({ where: key });
    expect(first.silenceId).toBeTruthy();
    const silencesOf = () => db.silence.count({ where: { comment: { contains: `retry ${run}` } } });
    expect(await silencesOf()).toBe(1);

    // As a pass leaves it when PostgreSQL failed it half-way: claimed, no silence, the error kept.
    await db.silence.update({ where: { id: first.silenceId! }, data: { expiredAt: new Date(), version: { increment: 1 } } });
    await db.maintenanceOccurrence.update({ where: key, data: { silenceId: null, lastError: "PostgreSQL: connection lost" } });
    const [a, b] = await Promise.all([materialize({ windowIds: [w.id] }), materialize({ windowIds: [w.id] })]);
    expect(a.made + b.made).toBe(1);
    const retried = await db.maintenanceOccurrence.findUniqueOrThrow({ where: key });
    expect(retried.lastError).toBeNull();
    const silence = await db.silence.findUniqueOrThrow({ where: { id: retried.silenceId! } });
    expect([silence.startsAt.getTime(), silence.endsAt.getTime(), silence.expiredAt]).toEqual([startsAt, startsAt + 1_800_000, null]);
    expect(await silencesOf()).toBe(2);

    // Claimed by a pass at work (no silence yet, no error): not this pass's to make…
    await db.silence.update({ where: { id: retried.silenceId! }, data: { expiredAt: new Date(), version: { increment: 1 } } });
    await db.maintenanceOccurrence.update({ where: key, data: { silenceId: null, lastError: null, claimedAt: new Date() } });
    expect(await materialize({ windowIds: [w.id] })).toEqual({ made: 0, failed: 0 });
    // …until that pass has been silent too long to be alive.
    await db.maintenanceOccurrence.update({ where: key, data: { claimedAt: new Date(Date.now() - CLAIM_STALE_MS - 1_000) } });
    expect(await materialize({ windowIds: [w.id] })).toEqual({ made: 1, failed: 0 });
    expect((await db.maintenanceOccurrence.findUniqueOrThrow({ where: key })).silenceId).toBeTruthy();
    expect(await silencesOf()).toBe(3);
    // A pass with the silence made leaves it be.
    expect(await materialize({ windowIds: [w.id] })).toEqual({ made: 0, failed: 0 });
  });

  it("refuses what a silence may not be, naming the field, and writes nothing", async () => {
    const before = await db.maintenanceWindow.count();
    const base = { name: `int bad ${run}`, comment: "x", schedule: { kind: "weekly", days: ["sat"], at: "02:00", durationMinutes: 60, timeZone: "UTC" } };
    expect(await refusal(createFromRequest(SRE, { ...base, matchers: [eq("run", run), { name: "alertname", value: ".*", isRegex: true, isEqual: true }] }))).toMatchObject({ status: 400, message: expect.stringContaining("matchers.1.value: alertname=~\".*\" matches every value") });
    expect(await refusal(createFromRequest(SRE, { ...base, matchers: [eq("alertname", "X")], schedule: { ...base.schedule, at: "2am" } }))).toMatchObject({ status: 400, message: expect.stringContaining("schedule.at: a time of day, HH:MM") });
    expect(await refusal(createFromRequest(SRE, { ...base, matchers: [eq("alertname", "X")], schedule: { kind: "once", startsAt: Date.now() - 7_200_000, endsAt: Date.now() - 3_600_000 } }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("schedule: no occurrence in the coming year"),
    });
    // A developer's window must name their team, as their silences must.
    expect(await refusal(createFromRequest(DEV, { ...base, matchers: [eq("team", "recsys")] }))).toMatchObject({ status: 403 });
    expect(await db.maintenanceWindow.count()).toBe(before);
  });
});
