import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { amListSilences } from "@/lib/alertmanager/client";
import { createPrisma } from "@/lib/db/client";
import { getSilence, listSilences } from "./repo-reads";
import type { Actor } from "./repo";
import { createChecked, editChecked, expireChecked } from "./writes";
import { freePort, type ManagedProcess } from "../../scripts/stack/process";
import { startAlertmanager } from "../../scripts/stack/services";
import { startReconciler } from "./reconciler";
import { reconcile } from "./sync";

/**
 * The sync engine against a real Alertmanager of its own (the harness' one is shared):
 * killed with SIGKILL, its data deleted, started again; stopped while silences are made.
 */
const db = createPrisma();
const SRE: Actor = { kind: "system", id: null, name: "int sre", scope: null };
const DEV: Actor = { kind: "system", id: null, name: "int dev", scope: ["ml-research"] };
const H = 3_600_000;
// No identifying label (Hostname, gpu…): these silences never draw on a dashboard.
const m = (alertname: string, extra: { name: string; value: string }[] = []) => [
  { name: "alertname", value: alertname, isRegex: false, isEqual: true },
  { name: "team", value: "int-test", isRegex: false, isEqual: true },
  ...extra.map((e) => ({ ...e, isRegex: false, isEqual: true })),
];

let dir = "";
let port = 0;
let am: ManagedProcess | null = null;
let url = "";
const opts = () => ({ alertmanagers: [url], scopeLabel: "team" });
const sync = () => reconcile({ alertmanagers: [url] }, db);
const start = async () => {
  am = await startAlertmanager(port, { dataDir: dir, logDir: dir });
};
const kill = () => {
  // SIGKILL the whole group: no chance to write a snapshot on the way out.
  process.kill(-am!.pid, "SIGKILL");
  am = null;
};
const amtool = (...args: string[]) => execFileSync("amtool", [`--alertmanager.url=${url}`, ...args], { encoding: "utf8" });
const queried = () => JSON.parse(amtool("silence", "query", "-o", "json", "team=int-test")) as { id: string; matchers: { name: string; value: string }[]; status: { state: string } }[];
const until = async (what: string, check: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe("silences: Postgres first, every Alertmanager kept in step", () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "silence-sync-"));
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    await start();
    await db.silence.deleteMany({ where: { comment: { startsWith: "int:" } } });
  }, 90_000);
  afterAll(async () => {
    if (am) await am.stop();
    rmSync(dir, { recursive: true, force: true });
    await db.silence.deleteMany({ where: { comment: { startsWith: "int:" } } });
    await db.silence.deleteMany({ where: { syncs: { some: { alertmanager: url } } } });
    await db.$disconnect();
  });

  it("a silence saved in Postgres reaches Alertmanager with the same matchers (amtool lists it), its id recorded", async () => {
    const s = await createChecked({ matchers: m("SyncCreate"), endsAt: Date.now() + H, comment: "int: create" }, SRE, opts(), db);
    expect(s.sync).toEqual([expect.objectContaining({ alertmanager: url, state: "pending", amId: null })]);
    const [report] = await sync();
    expect(report).toMatchObject({ error: null, created: 1 });
    const listed = queried().filter((x) => x.status.state === "active" && x.matchers.some((mm) => mm.value === "SyncCreate"));
    expect(listed).toHaveLength(1);
    expect(listed[0]!.matchers.map((mm) => `${mm.name}=${mm.value}`).sort()).toEqual(["alertname=SyncCreate", "team=int-test"]);
    const after = (await getSilence(s.id, db)).silence;
    expect(after.sync[0]).toMatchObject({ state: "synced", amId: listed[0]!.id });
    // A second pass changes nothing and duplicates nothing.
    const [again] = await sync();
    expect(again).toMatchObject({ created: 0, recreated: 0, imported: 0 });
    expect(queried().filter((x) => x.status.state === "active" && x.matchers.some((mm) => mm.value === "SyncCreate"))).toHaveLength(1);
  });

  it("Alertmanager killed (SIGKILL), its data deleted, started again: every active silence is back once, expired ones stay expired", async () => {
    const active = await createChecked({ matchers: m("SyncSurvive"), endsAt: Date.now() + H, comment: "int: survive" }, SRE, opts(), db);
    const gone = await createChecked({ matchers: m("SyncGone"), endsAt: Date.now() + H, comment: "int: gone" }, SRE, opts(), db);
    await sync();
    await expireChecked(gone.id, { version: gone.version }, SRE, opts(), db);
    await sync();
    const before = (await getSilence(active.id, db)).silence.sync[0]!.amId;

    kill();
    rmSync(path.join(dir, "alertmanager"), { recursive: true, force: true });
    await start();
    expect(await amListSilences(url)).toEqual([]);

    const [report] = await sync();
    expect(report!.error).toBeNull();
    expect(report!.recreated).toBeGreaterThanOrEqual(1);
    const live = queried().filter((x) => x.status.state === "active");
    // SyncCreate (first test) and SyncSurvive are back, each once; SyncGone is not.
    expect(live.map((x) => x.matchers.find((mm) => mm.name === "alertname")!.value).sort()).toEqual(["SyncCreate", "SyncSurvive"]);
    const after = (await getSilence(active.id, db)).silence;
    expect(after.sync[0]!.amId).not.toBe(before);
    expect(after.sync[0]!.pastIds).toContain(before);
    expect((await getSilence(active.id, db)).history.map((h) => h.action)).toContain("recreated");
    const [again] = await sync();
    expect(again).toMatchObject({ created: 0, recreated: 0, imported: 0 });
  }, 90_000);

  it("Alertmanager down while a silence is made: saved, pending with the error, written when it is back", async () => {
    kill();
    const s = await createChecked({ matchers: m("SyncWhileDown"), endsAt: Date.now() + H, comment: "int: while down" }, SRE, opts(), db);
    const [down] = await sync();
    expect(down!.error).toMatch(/unreachable/);
    const saved = (await getSilence(s.id, db)).silence;
    expect(saved.state).toBe("active");
    expect(saved.sync[0]).toMatchObject({ state: "error", amId: null });
    expect(saved.sync[0]!.lastError).toMatch(/unreachable/);

    await start();
    const [up] = await sync();
    expect(up!.error).toBeNull();
    expect(queried().filter((x) => x.status.state === "active" && x.matchers.some((mm) => mm.value === "SyncWhileDown"))).toHaveLength(1);
    expect((await getSilence(s.id, db)).silence.sync[0]!.state).toBe("synced");
  }, 90_000);

  it("a silence made with amtool is imported as external, once; expiring it in Postgres expires it there", async () => {
    const id = amtool("silence", "add", "alertname=SyncExternal", "team=int-test", "--comment=int: made with amtool", "--author=amtool user", "--duration=1h").trim();
    const [first] = await sync();
    expect(first!.imported).toBe(1);
    const row = await db.silence.findFirstOrThrow({ where: { comment: "int: made with amtool" }, include: { syncs: true } });
    expect(row).toMatchObject({ origin: "external", createdBy: "amtool user" });
    expect(row.syncs[0]).toMatchObject({ amId: id, state: "synced" });
    const [second] = await sync();
    expect(second!.imported).toBe(0);

    await expireChecked(row.id, { version: row.version }, SRE, opts(), db);
    await sync();
    await until("expired in Alertmanager", async () => (await amListSilences(url)).find((x) => x.id === id)?.status.state === "expired");
  });

  it("a silence expired with amtool before its end is expired in Postgres too, not recreated", async () => {
    const s = await createChecked({ matchers: m("SyncAmtoolExpire"), endsAt: Date.now() + H, comment: "int: amtool expire" }, SRE, opts(), db);
    await sync();
    const amId = (await getSilence(s.id, db)).silence.sync[0]!.amId!;
    amtool("silence", "expire", amId);
    const [report] = await sync();
    expect(report!.expiredInAlertmanager).toBe(1);
    const after = await getSilence(s.id, db);
    expect(after.silence.state).toBe("expired");
    expect(after.history.map((h) => h.action)).toContain("expired-in-alertmanager");
    expect(queried().filter((x) => x.status.state === "active" && x.matchers.some((mm) => mm.value === "SyncAmtoolExpire"))).toHaveLength(0);
  });

  it("an edit of the end changes the silence in place; an edit of the matchers replaces it, as Alertmanager does", async () => {
    const s = await createChecked({ matchers: m("SyncEdit"), endsAt: Date.now() + H, comment: "int: edit" }, SRE, opts(), db);
    await sync();
    const firstId = (await getSilence(s.id, db)).silence.sync[0]!.amId!;
    const longer = await editChecked(s.id, { matchers: s.matchers, endsAt: s.endsAt + H, comment: "int: edit longer", version: s.version }, SRE, opts(), db);
    expect(longer).toMatchObject({ id: s.id, version: 2 });
    await sync();
    const inAm = (await amListSilences(url)).find((x) => x.id === (longer.sync[0]!.amId ?? firstId));
    expect(Date.parse(inAm!.endsAt)).toBe(s.endsAt + H);

    const narrowed = await editChecked(s.id, { matchers: m("SyncEdit", [{ name: "severity", value: "warning" }]), endsAt: s.endsAt + H, comment: "int: edit narrowed", version: 2 }, SRE, opts(), db);
    expect(narrowed.id).not.toBe(s.id);
    const old = await getSilence(s.id, db);
    expect(old.silence).toMatchObject({ state: "expired", replacedById: narrowed.id });
    await sync();
    const live = queried().filter((x) => x.status.state === "active" && x.matchers.some((mm) => mm.value === "SyncEdit"));
    expect(live).toHaveLength(1);
    expect(live[0]!.matchers.map((mm) => mm.name).sort()).toEqual(["alertname", "severity", "team"]);
  });

  it("two people editing: the second save gets 409 with what changed; an edit racing an expiry ends expired", async () => {
    const s = await createChecked({ matchers: m("SyncRace"), endsAt: Date.now() + H, comment: "int: race" }, SRE, opts(), db);
    await editChecked(s.id, { matchers: s.matchers, endsAt: s.endsAt + H, comment: "int: race (alice)", version: s.version }, SRE, opts(), db);
    const bob = editChecked(s.id, { matchers: s.matchers, endsAt: s.endsAt + 2 * H, comment: "int: race (bob)", version: s.version }, SRE, opts(), db);
    await expect(bob).rejects.toMatchObject({ code: "request:conflict", status: 409, details: { changed: ["endsAt", "comment"] } });
    expect((await getSilence(s.id, db)).silence.comment).toBe("int: race (alice)");

    const current = (await getSilence(s.id, db)).silence;
    await expireChecked(s.id, { version: current.version }, SRE, opts(), db);
    const late = editChecked(s.id, { matchers: s.matchers, endsAt: s.endsAt + 3 * H, comment: "int: race (late)", version: current.version }, SRE, opts(), db);
    await expect(late).rejects.toMatchObject({ code: "request:conflict" });
    expect((await getSilence(s.id, db)).silence.state).toBe("expired");
  });

  it("the reconciler's own loop brings a lost silence back, without being asked", async () => {
    const s = await createChecked({ matchers: m("SyncLoop"), endsAt: Date.now() + H, comment: "int: loop" }, SRE, opts(), db);
    const stop = startReconciler({ alertmanagers: [url], intervalMs: 1_000, lease: null });
    try {
      const live = () => queried().filter((x) => x.status.state === "active" && x.matchers.some((mm) => mm.value === "SyncLoop"));
      await until("the loop writes it", async () => live().length === 1);
      kill();
      rmSync(path.join(dir, "alertmanager"), { recursive: true, force: true });
      await start();
      // Back within the loop's interval (30 s in production, 1 s here), once.
      await until("the loop restores it", async () => live().length === 1);
      await new Promise((r) => setTimeout(r, 2_500));
      expect(live()).toHaveLength(1);
      expect((await getSilence(s.id, db)).history.map((h) => h.action)).toContain("recreated");
    } finally {
      stop();
    }
  }, 90_000);

  it("several Alertmanagers (ALERTMANAGER_URLS): each holds every active silence once", async () => {
    const dir2 = mkdtempSync(path.join(tmpdir(), "silence-sync-b-"));
    const port2 = await freePort();
    const url2 = `http://127.0.0.1:${port2}`;
    const second = await startAlertmanager(port2, { dataDir: dir2, logDir: dir2 });
    try {
      const s = await createChecked({ matchers: m("SyncTwo"), endsAt: Date.now() + H, comment: "int: two" }, SRE, { alertmanagers: [url, url2], scopeLabel: "team" }, db);
      await reconcile({ alertmanagers: [url, url2] }, db);
      await reconcile({ alertmanagers: [url, url2] }, db);
      const active = async (base: string) => (await amListSilences(base)).filter((x) => x.status.state === "active" && x.matchers.some((mm) => mm.value === "int-test"));
      const names = async (base: string) => (await active(base)).map((x) => x.matchers.find((mm) => mm.name === "alertname")!.value).sort();
      // The second one gets every active silence (a member added to the list catches up), each once.
      expect(await names(url2)).toEqual(await names(url));
      expect((await names(url2)).filter((n) => n === "SyncTwo")).toHaveLength(1);
      const view = (await getSilence(s.id, db)).silence;
      expect(view.sync.map((x) => [x.alertmanager, x.state])).toEqual([
        [url, "synced"],
        [url2, "synced"],
      ].sort());
    } finally {
      await second.stop();
      rmSync(dir2, { recursive: true, force: true });
    }
  }, 90_000);

  it("regexes in Alertmanager's dialect: a (?i) silence is saved and Alertmanager takes it; a lookahead is refused before anything is written", async () => {
    const s = await createChecked({ matchers: [{ name: "alertname", value: "(?i)syncre2.*", isRegex: true, isEqual: true }, { name: "team", value: "int-test", isRegex: false, isEqual: true }], endsAt: Date.now() + H, comment: "int: re2" }, SRE, opts(), db);
    const [report] = await sync();
    expect(report!.error).toBeNull();
    expect((await getSilence(s.id, db)).silence.sync[0]).toMatchObject({ state: "synced", lastError: null });
    expect(queried().filter((x) => x.status.state === "active" && x.matchers.some((mm) => mm.value === "(?i)syncre2.*"))).toHaveLength(1);
    const count = await db.silence.count();
    await expect(createChecked({ matchers: [{ name: "alertname", value: "Sync(?=Re2)", isRegex: true, isEqual: true }], endsAt: Date.now() + H, comment: "int: lookahead" }, SRE, opts(), db)).rejects.toMatchObject({
      status: 400,
      message: "matchers.0.value: not a valid regular expression (invalid or unsupported Perl syntax: `(?=`)",
    });
    expect(await db.silence.count()).toBe(count);
  });

  it("refuses bad matchers naming the field (nothing saved), and a developer silencing another team's alerts", async () => {
    const count = await db.silence.count();
    const bad = createChecked({ matchers: [{ name: "alertname", value: ".*", isRegex: true, isEqual: true }], endsAt: Date.now() + H, comment: "int: bad" }, SRE, opts(), db);
    await expect(bad).rejects.toMatchObject({ code: "request:invalid", message: expect.stringMatching(/^matchers: at least one matcher must not match the empty string/) });
    const regex = createChecked({ matchers: [{ name: "alertname", value: "Gpu(Hot", isRegex: true, isEqual: true }], endsAt: Date.now() + H, comment: "int: bad" }, SRE, opts(), db);
    await expect(regex).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^matchers\.0\.value: not a valid regular expression/) });
    const other = createChecked({ matchers: [{ name: "alertname", value: "X", isRegex: false, isEqual: true }, { name: "team", value: "recsys", isRegex: false, isEqual: true }], endsAt: Date.now() + H, comment: "int: other team" }, DEV, opts(), db);
    await expect(other).rejects.toBeInstanceOf(AppError);
    await expect(other).rejects.toMatchObject({ status: 403 });
    expect(await db.silence.count()).toBe(count);
    const own = await createChecked({ matchers: [{ name: "alertname", value: "X", isRegex: false, isEqual: true }, { name: "team", value: "ml-research", isRegex: false, isEqual: true }], endsAt: Date.now() + H, comment: "int: own team" }, DEV, opts(), db);
    expect(own.createdBy).toBe("int dev");
    // A developer's list holds their teams' silences only; an SRE's all of them.
    const theirs = await listSilences({ scope: DEV.scope, scopeLabel: "team", q: "int:" }, db);
    expect(theirs.map((x) => x.id)).toEqual([own.id]);
    expect((await listSilences({ scope: null, scopeLabel: "team", q: "int:" }, db)).length).toBeGreaterThan(1);
  });
});
