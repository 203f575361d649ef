import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { parseRunbookFile, serializeRunbook } from "@/lib/runbooks/file";
import { exportRunbookDir, importRunbookDir } from "@/lib/runbooks/files";
import { RunbookInputSchema, type RunbookInput } from "@/lib/runbooks/model";
import { HIT_START, HIT_STOP } from "@/lib/runbooks/search";
import { lookupRunbooks } from "@/lib/runbooks/service";
import { createPrisma } from "@/lib/db/client";
import { runbookSaveCheck } from "./access";
import { getRunbook, listRevisions, restoreRevision as restoreAs, saveRunbook as saveAs, searchRunbooks, type RunbookActor } from "./repo";

/**
 * Runbooks in the real PostgreSQL the harness seeded (the shipped deploy/runbooks are
 * imported at seed). Tests write runbooks under their own slugs and delete them after.
 */
const db = createPrisma();
const SHIPPED = path.join(import.meta.dirname, "../../deploy/runbooks");
const run = `it${Date.now().toString(36)}`;
const SRE: RunbookActor = { kind: "session", id: null, name: "Sam SRE", scope: null };
const DEV: RunbookActor = { kind: "session", id: null, name: "Dev Developer", scope: ["inference", "ml-research"] };
// Saves as the service makes them: with its access rules, run inside the repository's transaction.
const check = (actor: RunbookActor) => runbookSaveCheck(actor.scope, "team");
const saveRunbook = (input: RunbookInput, opts: { expectRevision?: number; message: string }, actor: RunbookActor, d = db) => saveAs(input, { ...opts, check: check(actor) }, actor, d);
const restoreRevision = (slug: string, revision: number, expect: number, actor: RunbookActor, d = db) => restoreAs(slug, revision, expect, actor, check(actor), d);

function runbook(over: Partial<RunbookInput> & { slug: string }): RunbookInput {
  return RunbookInputSchema.parse({ title: "A runbook", severity: "warning", body: "## What it means\n\nSomething.", ...over });
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

afterAll(async () => {
  await db.runbook.deleteMany({ where: { slug: { startsWith: run } } });
  await db.$disconnect();
});

describe("runbooks as code", () => {
  it("seeded every shipped runbook, and exporting them writes the shipped files back byte for byte", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "runbooks-export-"));
    const exported = await exportRunbookDir(dir, db);
    const shipped = readdirSync(SHIPPED).filter((f) => f.endsWith(".md") && f !== "README.md");
    expect(shipped.length).toBeGreaterThanOrEqual(20);
    for (const file of shipped) {
      expect(exported).toContain(file.replace(/\.md$/, ""));
      expect(readFileSync(path.join(dir, file), "utf8"), file).toBe(readFileSync(path.join(SHIPPED, file), "utf8"));
    }
  });

  it("re-imports by slug: a revision for each changed file, nothing for unchanged ones, created for new ones", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "runbooks-import-"));
    const a = runbook({ slug: `${run}-import-a`, title: "Import A" });
    const b = runbook({ slug: `${run}-import-b`, title: "Import B" });
    writeFileSync(path.join(dir, `${a.slug}.md`), serializeRunbook(a));
    writeFileSync(path.join(dir, `${b.slug}.md`), serializeRunbook(b));
    expect(await importRunbookDir(dir, { db })).toEqual({ created: [a.slug, b.slug], updated: [], unchanged: [] });
    writeFileSync(path.join(dir, `${b.slug}.md`), serializeRunbook({ ...b, body: `${b.body}\n\nA new check.` }));
    expect(await importRunbookDir(dir, { db })).toEqual({ created: [], updated: [b.slug], unchanged: [a.slug] });
    expect((await listRevisions(b.slug, db)).map((r) => r.revision)).toEqual([2, 1]);
    expect((await listRevisions(a.slug, db)).map((r) => r.revision)).toEqual([1]);
    // A bad file fails the whole import, naming the file, and writes nothing.
    writeFileSync(path.join(dir, `${a.slug}.md`), serializeRunbook({ ...a, title: "Changed" }));
    writeFileSync(path.join(dir, `${run}-bad.md`), "---\ntitle: x\nseverity: page\n---\nbody\n");
    await expect(importRunbookDir(dir, { db })).rejects.toThrow(`${run}-bad.md: severity: one of critical, warning, info`);
    expect((await getRunbook(a.slug, db))!.title).toBe("Import A");
  });
});

describe("revisions", () => {
  const slug = `${run}-revisions`;
  let revisions: RunbookInput[] = [];

  beforeAll(async () => {
    const r1 = runbook({ slug, title: "GPU fell off the bus", team: "inference", tags: ["xid"], alerts: [{ alertname: "RunbookTestAlert", matchers: ['team="inference"'] }], contacts: [{ name: "On-call", how: "pager" }], escalation: ["15 min: vendor"] });
    const r2 = { ...r1, body: `${r1.body}\n\n## Remediation\n\n\`\`\`bash\nnvidia-smi -r -i <gpu>\n\`\`\``, tags: ["pcie", "xid"] };
    const r3 = { ...r2, title: "GPU fell off the bus (XID 79)", alerts: [{ alertname: "RunbookTestAlert", matchers: ['gpu="3"', 'team="inference"'] }], contacts: [] };
    revisions = [r1, r2, r3];
  });

  it("keeps every save as a revision with author and message, refuses a stale one, and skips identical content", async () => {
    const [r1, r2, r3] = revisions;
    expect((await saveRunbook(r1!, { message: "first" }, DEV, db)).runbook.revision).toBe(1);
    expect((await saveRunbook(r2!, { expectRevision: 1, message: "remediation" }, DEV, db)).runbook.revision).toBe(2);
    expect((await saveRunbook(r3!, { expectRevision: 2, message: "narrow to XID 79" }, SRE, db)).runbook.revision).toBe(3);
    const stale = await appError(saveRunbook({ ...r3!, title: "lost update" }, { expectRevision: 2, message: "" }, SRE, db));
    expect(stale.status).toBe(409);
    expect(stale.message).toMatch(/Sam SRE saved revision 3 after the revision 2 you edited/);
    const same = await saveRunbook(r3!, { expectRevision: 3, message: "no change" }, SRE, db);
    expect(same).toMatchObject({ changed: false, runbook: { revision: 3 } });
    const taken = await appError(saveRunbook(r1!, { message: "again" }, SRE, db));
    expect([taken.status, taken.message]).toEqual([409, `slug: a runbook "${slug}" exists already`]);
    const history = await listRevisions(slug, db);
    expect(history.map((h) => [h.revision, h.author, h.message])).toEqual([
      [3, "Sam SRE", "narrow to XID 79"],
      [2, "Dev Developer", "remediation"],
      [1, "Dev Developer", "first"],
    ]);
  });

  it("restores any revision exactly, as a new revision", async () => {
    const restored = await restoreRevision(slug, 1, 3, SRE, db);
    expect(restored.runbook.revision).toBe(4);
    const { revision, createdBy, createdAt, updatedBy, updatedAt, ...content } = restored.runbook;
    expect([revision, createdBy, updatedBy, typeof createdAt, typeof updatedAt]).toEqual([4, "Dev Developer", "Sam SRE", "string", "string"]);
    expect(content).toEqual(revisions[0]);
    expect(serializeRunbook(content)).toBe(serializeRunbook(revisions[0]!));
    const history = await listRevisions(slug, db);
    expect(history[0]).toMatchObject({ revision: 4, message: "Restored revision 1", snapshot: revisions[0] });
    // Revision 3 is still there, and restoring it brings back its content exactly.
    await restoreRevision(slug, 3, 4, SRE, db);
    const { revision: _r, createdBy: _c, createdAt: _ca, updatedBy: _u, updatedAt: _ua, ...again } = (await getRunbook(slug, db))!;
    expect(again).toEqual(revisions[2]);
    expect((await appError(restoreRevision(slug, 9, 5, SRE, db))).status).toBe(404);
    // The audit log holds every write of this runbook, in order, with who and what changed.
    const audit = await db.auditEvent.findMany({ where: { targetType: "runbook", targetId: slug }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorName])).toEqual([
      ["runbook.create", "Dev Developer"],
      ["runbook.update", "Dev Developer"],
      ["runbook.update", "Sam SRE"],
      ["runbook.restore", "Sam SRE"],
      ["runbook.restore", "Sam SRE"],
    ]);
    expect(audit[3]).toMatchObject({ before: { revision: 3 }, after: { revision: 4, title: revisions[0]!.title } });
  });

  it("lets a developer edit only their teams' runbooks", async () => {
    const other = runbook({ slug: `${run}-recsys`, team: "recsys" });
    const denied = await appError(saveRunbook(other, { message: "" }, DEV, db));
    expect([denied.status, denied.message]).toEqual([403, "team: runbooks of team recsys are edited by its members and SREs; yours are inference, ml-research"]);
    await saveRunbook(other, { message: "" }, SRE, db);
    // Nor move one of theirs to another team, nor edit one nobody owns.
    const moved = await appError(saveRunbook({ ...(await getRunbook(slug, db))!, team: "recsys" }, { expectRevision: 5, message: "" }, DEV, db));
    expect(moved.status).toBe(403);
    expect((await appError(saveRunbook(runbook({ slug: `${run}-orphan` }), { message: "" }, DEV, db))).status).toBe(403);
    expect((await appError(saveRunbook(runbook({ slug: `${run}-ghost`, team: "no-such-team" }), { message: "" }, SRE, db))).message).toBe('team: no team "no-such-team"');
  });
});

describe("search", () => {
  it("ranks the runbook whose alert name is the query first, above one that only talks about it", async () => {
    await saveRunbook(
      runbook({ slug: `${run}-faq`, title: "GpuTemperatureHigh FAQ", summary: "GpuTemperatureHigh GpuTemperatureHigh", body: "GpuTemperatureHigh GpuTemperatureHigh GpuTemperatureHigh: why GpuTemperatureHigh fires" }),
      { message: "" },
      SRE,
      db,
    );
    const hits = await searchRunbooks({ q: "GpuTemperatureHigh" }, db);
    expect(hits[0]).toMatchObject({ slug: "gpu-temperature-high", exactAlert: true });
    expect(hits.map((h) => h.slug)).toContain(`${run}-faq`);
    expect(hits.find((h) => h.slug === `${run}-faq`)!.exactAlert).toBe(false);
    // Case does not matter for the exact match.
    expect((await searchRunbooks({ q: "gputemperaturehigh" }, db))[0]!.slug).toBe("gpu-temperature-high");
  });

  it("matches as you type (prefixes, split alert names, stems), highlights hits, and filters", async () => {
    expect((await searchRunbooks({ q: "GpuXid" }, db))[0]!.slug).toBe("gpu-xid-errors");
    const fell = await searchRunbooks({ q: "fallen off the bus" }, db);
    expect(fell.map((h) => h.slug)).toContain("gpu-xid-errors");
    const throttled = await searchRunbooks({ q: "throttling" }, db);
    expect(throttled[0]!.slug).toBe("gpu-thermal-throttling");
    expect(throttled[0]!.headline).toMatch(new RegExp(`${HIT_START}[Tt]hrottl\\w*${HIT_STOP}`));
    const critical = await searchRunbooks({ severity: "critical", tag: "thermal" }, db);
    expect(critical.map((h) => h.slug)).toEqual(["gpu-temperature-high"]);
    expect((await searchRunbooks({ alert: "TrainingLossRising", sort: "recent" }, db)).map((h) => h.slug).sort()).toEqual(["training-loss-rising", "training-loss-rising-ml-research"]);
    expect(await searchRunbooks({ q: "zzqx nothing matches this" }, db)).toEqual([]);
    // Query syntax in the text is words, not tsquery operators.
    expect((await searchRunbooks({ q: "xid' & !(" }, db))[0]!.slug).toBe("gpu-xid-errors");
  });
});

describe("the lookup", () => {
  it("picks the most specific link, then the alert's team, from Postgres alone", async () => {
    await saveRunbook(runbook({ slug: `${run}-xid-gpu3`, team: "platform", alerts: [{ alertname: "GpuXidErrors", matchers: ['gpu="3"', `Hostname=~"${run}-.*"`] }] }), { message: "" }, SRE, db);
    const gpu3 = await lookupRunbooks({ alertname: "GpuXidErrors", Hostname: `${run}-node`, gpu: "3" });
    expect(gpu3.matches.map((m) => m.runbook.slug).slice(0, 2)).toEqual([`${run}-xid-gpu3`, "gpu-xid-errors"]);
    expect((await lookupRunbooks({ alertname: "GpuXidErrors", Hostname: `${run}-node`, gpu: "4" })).matches[0]!.runbook.slug).toBe("gpu-xid-errors");
    expect((await lookupRunbooks({ alertname: "TrainingLossRising", team: "ml-research", job_name: "j" })).matches.map((m) => m.runbook.slug)).toEqual(["training-loss-rising-ml-research", "training-loss-rising"]);
    expect((await lookupRunbooks({ alertname: "TrainingLossRising", team: "llm-training" })).matches[0]!.runbook.slug).toBe("training-loss-rising");
    expect((await lookupRunbooks({ alertname: "NobodyWroteThis" })).matches).toEqual([]);
  });

  it("cannot be hijacked: a developer links only their team's alerts unless an SRE approves (audited); another team's runbook never wins", async () => {
    const hijack = runbook({ slug: `${run}-hijack`, team: "ml-research", alerts: [{ alertname: "GpuThermalThrottling", matchers: ['cluster=~".+"', 'Hostname=~".+"'] }] });
    const denied = await appError(saveRunbook(hijack, { message: "" }, DEV, db));
    expect([denied.status, denied.message]).toEqual([403, 'alerts.0: GpuThermalThrottling{cluster=~".+", Hostname=~".+"} links other teams\' alerts too; add team="ml-research" to it, or ask an SRE or admin to approve the link (they save it)']);
    expect(await getRunbook(hijack.slug, db)).toBeNull();
    // Bounded to the team: theirs to write.
    const bounded = { ...hijack, alerts: [{ alertname: "GpuThermalThrottling", matchers: ['cluster=~".+"', 'team="ml-research"'] }] };
    await saveRunbook(bounded, { message: "" }, DEV, db);
    // An SRE's save approves the wide link, and the audit log says so.
    const wide = { ...bounded, alerts: hijack.alerts };
    await saveRunbook(wide, { expectRevision: 1, message: "approved" }, SRE, db);
    const audit = await db.auditEvent.findFirst({ where: { action: "runbook.approve-link", targetId: hijack.slug }, orderBy: { at: "desc" } });
    expect(audit).toMatchObject({ actorName: "Sam SRE", after: { team: "ml-research", links: ['GpuThermalThrottling{cluster=~".+", Hostname=~".+"}'] } });
    // The developer may keep the approved link as it is, not widen it further.
    await saveRunbook({ ...wide, summary: "edited" }, { expectRevision: 2, message: "" }, DEV, db);
    const wider = await appError(saveRunbook({ ...wide, alerts: [{ alertname: "GpuThermalThrottling", matchers: [] }] }, { expectRevision: 3, message: "" }, DEV, db));
    expect(wider.status).toBe(403);
    // Approved or not, it never outranks the owning team's runbook for the owning team's alert.
    const lookup = await lookupRunbooks({ alertname: "GpuThermalThrottling", cluster: "us-east", Hostname: "h", gpu: "1", team: "platform" });
    expect(lookup.matches[0]!.runbook.slug).toBe("gpu-thermal-throttling");
    expect(lookup.matches.map((m) => m.runbook.slug)).toContain(hijack.slug);
  });

  it("parses what it stores: every shipped file equals its row", async () => {
    for (const file of readdirSync(SHIPPED).filter((f) => f.endsWith(".md") && f !== "README.md")) {
      const shipped = parseRunbookFile(readFileSync(path.join(SHIPPED, file), "utf8"), file);
      const { revision: _r, createdBy: _c, createdAt: _ca, updatedBy: _u, updatedAt: _ua, ...stored } = (await getRunbook(shipped.slug, db))!;
      expect(stored, file).toEqual(shipped);
    }
  });
});
