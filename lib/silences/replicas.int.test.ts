import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amListSilences, amPostSilence, type AmSilence } from "@/lib/alertmanager/client";
import { createPrisma } from "@/lib/db/client";
import { getSilence } from "./repo-reads";
import type { Actor } from "./repo";
import { createChecked, expireChecked } from "./writes";
import { freePort, type ManagedProcess } from "../../scripts/stack/process";
import { startAlertmanager } from "../../scripts/stack/services";
import { consoleSilenceId, markedComment } from "./schema";
import { reconcile } from "./sync";

/**
 * Silences with two console replicas on one database (the shipped Kubernetes manifest runs
 * two): each replica is a process of its own (scripts/test/silence-replica.ts, the same
 * lib code the server runs), so nothing is shared but PostgreSQL and the Alertmanager.
 */
const db = createPrisma();
const SRE: Actor = { kind: "system", id: null, name: "int sre", scope: null };
const H = 3_600_000;
const ROOT = path.resolve(import.meta.dirname, "../..");
const run = `r${Date.now().toString(36)}`;

let dir = "";
let port = 0;
let am: ManagedProcess | null = null;
let url = "";
const children: ChildProcess[] = [];

const replica = (...args: string[]) => {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/test/silence-replica.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  children.push(child);
  return { child, output: () => out };
};
const restartEmpty = async () => {
  process.kill(-am!.pid, "SIGKILL");
  rmSync(path.join(dir, "alertmanager"), { recursive: true, force: true });
  am = await startAlertmanager(port, { dataDir: dir, logDir: dir });
};
const until = async (what: string, check: () => Promise<boolean>, ms = 30_000) => {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
};
const ofRun = async (tag = run): Promise<AmSilence[]> => (await amListSilences(url)).filter((s) => s.matchers.some((m) => m.name === "run" && m.value === tag));
const live = async (tag = run) => (await ofRun(tag)).filter((s) => s.status.state !== "expired");
const m = (alertname: string, tag = run) => [
  { name: "alertname", value: alertname, isRegex: false, isEqual: true },
  { name: "team", value: "int-test", isRegex: false, isEqual: true },
  { name: "run", value: tag, isRegex: false, isEqual: true },
];

describe("silences across replicas: exactly one copy, and expired means expired", () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "silence-replicas-"));
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    am = await startAlertmanager(port, { dataDir: dir, logDir: dir });
  }, 90_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    if (am) await am.stop();
    rmSync(dir, { recursive: true, force: true });
    await db.silence.deleteMany({ where: { syncs: { some: { alertmanager: url } } } });
    await db.$disconnect();
  });

  it("two replicas reconciling an Alertmanager that lost its state: each of 10 silences back exactly once, none imported; expiring them expires every copy", async () => {
    const tag = `${run}-two`;
    const made = [];
    for (let i = 0; i < 10; i++) made.push(await createChecked({ matchers: m(`Replica${i}`, tag), endsAt: Date.now() + H, comment: `int: replicas ${i}` }, SRE, { alertmanagers: [url], scopeLabel: "team" }, db));
    await reconcile({ alertmanagers: [url] }, db);
    expect(await live(tag)).toHaveLength(10);

    const a = replica("loop", url, "150");
    const b = replica("loop", url, "150");
    try {
      for (let round = 0; round < 3; round++) {
        await restartEmpty();
        await until("every silence back", async () => (await live(tag)).length >= 10);
        // Several passes of both replicas after the restore.
        await new Promise((r) => setTimeout(r, 1_500));
        const copies = await live(tag);
        expect(copies.map((c) => consoleSilenceId(c.comment)).sort(), `round ${round}`).toEqual(made.map((s) => s.id).sort());
        // Written once, not written twice and the second copy expired: the replicas' passes never overlap.
        expect((await ofRun(tag)).length, `round ${round}: copies ever written`).toBe(10);
      }
      expect(await db.silence.count({ where: { origin: "external", matchers: { array_contains: [{ name: "run", value: tag }] } } })).toBe(0);

      for (const s of made) await expireChecked(s.id, { version: (await getSilence(s.id, db)).silence.version }, SRE, { scopeLabel: "team" }, db);
      await until("every copy expired", async () => (await live(tag)).length === 0);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await live(tag)).toEqual([]);
    } finally {
      a.child.kill("SIGKILL");
      b.child.kill("SIGKILL");
    }
  }, 120_000);

  it("a copy written whose id was never recorded (the console died between Alertmanager's answer and Postgres) is adopted, not duplicated or imported", async () => {
    const tag = `${run}-crash`;
    const s = await createChecked({ matchers: m("ReplicaCrash", tag), endsAt: Date.now() + H, comment: "int: crash window" }, SRE, { alertmanagers: [url], scopeLabel: "team" }, db);
    // What the dead console got as far as: the copy in Alertmanager, its row still pending.
    const orphan = await amPostSilence(url, { matchers: s.matchers, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt), createdBy: SRE.name, comment: markedComment(s.comment, s.id) });
    const [report] = await reconcile({ alertmanagers: [url] }, db);
    expect(report).toMatchObject({ error: null, created: 0, imported: 0 });
    expect((await live(tag)).map((c) => c.id)).toEqual([orphan]);
    expect((await getSilence(s.id, db)).silence.sync[0]).toMatchObject({ state: "synced", amId: orphan });

    // A second copy of it (two writers raced before this version): expired, one kept.
    await amPostSilence(url, { matchers: s.matchers, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt), createdBy: SRE.name, comment: markedComment(s.comment, s.id) });
    const [again] = await reconcile({ alertmanagers: [url] }, db);
    expect(again).toMatchObject({ duplicatesExpired: 1, imported: 0 });
    expect((await live(tag)).map((c) => c.id)).toEqual([orphan]);
  });

  it("kill -9 of a replica during a burst of creates: every acknowledged silence kept, one copy each, the unacknowledged retry answers once", async () => {
    const tag = `${run}-kill`;
    const other = replica("loop", url, "150");
    const burst = replica("burst", url, tag, "400", "4");
    try {
      await until("the burst is under way", async () => (burst.output().match(/^ack /gm)?.length ?? 0) >= 24, 60_000);
      burst.child.kill("SIGKILL");
      await new Promise((r) => burst.child.once("exit", r));
      const acked = [...burst.output().matchAll(/^ack (\S+) (\S+)$/gm)].map((x) => ({ key: x[1]!, id: x[2]! }));
      const tried = [...burst.output().matchAll(/^try (\S+)$/gm)].map((x) => x[1]!);
      expect(acked.length).toBeGreaterThanOrEqual(24);

      // The client retries what it sent without an answer, with the same key.
      const unanswered = tried.filter((k) => !acked.some((a) => a.key === k));
      for (const key of unanswered) {
        const i = Number(key.split("-").at(-1));
        const input = { matchers: m(`ReplicaBurst${i}`, tag), endsAt: Date.now() + H, comment: `int: burst ${tag} ${i}` };
        await createChecked(input, SRE, { alertmanagers: [url], scopeLabel: "team", idempotency: { owner: "system:replica", key, requestHash: key } }, db);
        await createChecked(input, SRE, { alertmanagers: [url], scopeLabel: "team", idempotency: { owner: "system:replica", key, requestHash: key } }, db);
      }
      await reconcile({ alertmanagers: [url] }, db);
      await new Promise((r) => setTimeout(r, 600));

      const rows = await db.silence.findMany({ where: { comment: { startsWith: `int: burst ${tag} ` } } });
      // Nothing acknowledged lost, and one silence per key (tried), never two.
      for (const a of acked) expect(rows.some((r) => r.id === a.id), a.key).toBe(true);
      expect(rows).toHaveLength(tried.length);
      expect(new Set(rows.map((r) => r.comment)).size).toBe(rows.length);
      // In Alertmanager: one live copy of each, each naming its silence; nothing imported.
      const copies = await live(tag);
      expect(copies.map((c) => consoleSilenceId(c.comment)).sort()).toEqual(rows.map((r) => r.id).sort());
      expect(await ofRun(tag)).toHaveLength(rows.length);
      expect(rows.every((r) => r.origin === "console")).toBe(true);
    } finally {
      other.child.kill("SIGKILL");
      burst.child.kill("SIGKILL");
    }
  }, 120_000);

  it("an Idempotency-Key with another body is refused (422), nothing made", async () => {
    const key = { owner: "system:int", key: `${run}-mismatch`, requestHash: "a" };
    const first = await createChecked({ matchers: m("ReplicaKey"), endsAt: Date.now() + H, comment: "int: key" }, SRE, { alertmanagers: [url], scopeLabel: "team", idempotency: key }, db);
    const same = await createChecked({ matchers: m("ReplicaKey"), endsAt: Date.now() + H, comment: "int: key" }, SRE, { alertmanagers: [url], scopeLabel: "team", idempotency: key }, db);
    expect(same).toMatchObject({ id: first.id, replayed: true });
    const before = await db.silence.count();
    await expect(createChecked({ matchers: m("ReplicaKey2"), endsAt: Date.now() + H, comment: "int: key 2" }, SRE, { alertmanagers: [url], scopeLabel: "team", idempotency: { ...key, requestHash: "b" } }, db)).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/^Idempotency-Key: already used/),
    });
    expect(await db.silence.count()).toBe(before);
  });
});
