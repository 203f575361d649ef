import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { createPrisma } from "@/lib/db/client";
import { freePort, type ManagedProcess } from "../../scripts/stack/process";
import { until } from "../../scripts/test/prometheus";
import type * as ServiceModule from "./service";

type Service = typeof ServiceModule;
import { startAlertmanager } from "../../scripts/stack/services";

/**
 * Guardrails on silences through the service the routes call, against a real
 * Alertmanager of this file's own (so the share of firing alerts is known) and the real
 * PostgreSQL: a broad silence is refused without a confirmation, a developer cannot
 * confirm, an SRE's confirmation and reason land in the audit log, nothing is half-written.
 */
let db: ReturnType<typeof createPrisma>;
const H = 3_600_000;
const run = `guard-${Date.now()}`;
const SRE: Principal = { kind: "token", id: `${run}-sre`, name: "int guard sre", role: "sre", teams: [] };
const DEV: Principal = { kind: "token", id: `${run}-dev`, name: "int guard dev", role: "developer", teams: ["inference"] };
let am: ManagedProcess | null = null;
let dir = "";
let amUrl = "";
let service: Service;

const eq = (name: string, value: string) => ({ name, value, isRegex: false, isEqual: true });
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: { status?: number; message?: string; details?: { concerns?: { code: string }[] } }) => ({ status: e.status, message: e.message, concerns: e.details?.concerns?.map((c) => c.code) }));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "guardrails-"));
  const port = await freePort();
  am = await startAlertmanager(port, { dataDir: dir, logDir: dir });
  const url = `http://127.0.0.1:${port}`;
  amUrl = url;
  // The service reads its Alertmanagers from the environment once: point it at this file's own first.
  process.env.ALERTMANAGER_URLS = url;
  process.env.ALERTMANAGER_URL = url;
  service = await import("./service");
  db = createPrisma();
  // 12 firing alerts: 9 of one node (team platform), 2 of inference, 1 of recsys.
  const alert = (labels: Record<string, string>) => ({ labels: { alertname: "IntGuard", cluster: "int", run, ...labels }, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + H).toISOString() });
  const alerts = [
    ...Array.from({ length: 8 }, (_, gpu) => alert({ Hostname: "int-node-1", gpu: String(gpu), team: "platform", job_name: "llm-pretrain" })),
    alert({ Hostname: "int-node-1", team: "platform", alertname: "IntGuardNode" }),
    alert({ team: "inference", model_name: "a" }),
    alert({ team: "inference", model_name: "b" }),
    alert({ team: "recsys", model_name: "c" }),
  ];
  const posted = await fetch(`${url}/api/v2/alerts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(alerts) });
  if (posted.status !== 200) throw new Error(`Alertmanager refused the alerts: HTTP ${posted.status}`);
  await until("Alertmanager to hold the 12 alerts", async () => (((await (await fetch(`${url}/api/v2/alerts`)).json()) as unknown[]).length === 12 ? true : undefined), 10_000);
}, 60_000);

afterAll(async () => {
  await am?.stop();
  rmSync(dir, { recursive: true, force: true });
  // This Alertmanager is gone after the file: silences that name it would make the shared stack's reconciler
  // give every silence it imports a copy to write there.
  await db?.silence.deleteMany({ where: { syncs: { some: { alertmanager: amUrl } } } });
  await db?.$disconnect();
});

describe("silence guardrails", () => {
  it("the preview counts alerts, GPUs, nodes, jobs and teams among all the alerts, and says nothing is needed for one GPU", async () => {
    const narrow = await service.previewFromRequest(SRE, { matchers: [eq("run", run), eq("Hostname", "int-node-1"), eq("gpu", "3")], endsAt: Date.now() + H });
    expect(narrow).toMatchObject({ coverage: { alerts: 1, firing: 1, firingInFleet: 12, gpus: 1, nodes: 1, jobs: 1, teams: ["platform"] }, concerns: [], mayConfirm: true });
    const node = await service.previewFromRequest(SRE, { matchers: [eq("run", run), eq("Hostname", "int-node-1")], endsAt: Date.now() + H });
    expect(node.coverage).toMatchObject({ alerts: 9, gpus: 8, nodes: 1, jobs: 1, teams: ["platform"] });
    expect(node.concerns.map((c) => c.code)).toEqual(["share"]);
    expect(node.concerns[0]!.message).toBe("covers 9 of the 12 alerts firing (75 %; more than 25 % needs a confirmation)");
  });

  it("a broad silence is refused without a confirmation, saving nothing; with an SRE's reason it is saved and the audit log keeps why", async () => {
    const before = await db.silence.count();
    const body = { matchers: [eq("run", run)], endsAt: Date.now() + 10 * 86_400_000, comment: "int: the whole run" };
    expect(await refusal(service.createFromRequest(SRE, body))).toEqual({
      status: 422,
      message: expect.stringMatching(/^confirm: this silence covers 12 of the 12 alerts firing .*; covers alerts of several teams: inference, platform, recsys; runs 10 d, longer than 7 d; confirm it with a reason$/),
      concerns: ["share", "other-teams", "duration"],
    });
    expect(await refusal(service.createFromRequest(SRE, { ...body, confirm: { reason: "short" } }))).toMatchObject({ status: 400, message: expect.stringMatching(/^confirm\.reason: say why/) });
    expect(await db.silence.count()).toBe(before);

    const { silence: saved } = await service.createFromRequest(SRE, { ...body, confirm: { reason: "decommissioning the int cluster this week" } });
    const audit = await db.auditEvent.findFirst({ where: { action: "silence.create", targetId: saved.id } });
    expect(audit?.after).toMatchObject({ comment: "int: the whole run", confirmation: { reason: "decommissioning the int cluster this week", concerns: ["share", "other-teams", "duration"] } });
    // Extending cannot take it past the maximum without a confirmation: that is an edit.
    expect(await refusal(service.extendFromRequest(SRE, saved.id, { version: saved.version, by: "1h" }))).toMatchObject({ status: 422, message: "by: extended by 1h it would run longer than 168 h; edit its end and confirm it instead" });
    await service.expireFromRequest(SRE, saved.id, { version: saved.version });
  });

  it("a developer cannot confirm: 403 saying an SRE or admin must; within the rules their own team's silence needs nothing", async () => {
    const broad = { matchers: [eq("team", "inference")], endsAt: Date.now() + 8 * 86_400_000, comment: "int: a week and a day", confirm: { reason: "I am sure about this one" } };
    expect(await refusal(service.createFromRequest(DEV, broad))).toMatchObject({ status: 403, message: expect.stringMatching(/an SRE or admin must confirm it$/), concerns: ["duration"] });
    // The team rule comes first, so the preview tells a developer nothing of other teams' alerts.
    expect(await refusal(service.previewFromRequest(DEV, { matchers: [eq("run", run)], endsAt: Date.now() + H }))).toMatchObject({ status: 403 });
    const own = await service.previewFromRequest(DEV, { matchers: [eq("team", "inference"), eq("model_name", "a")], endsAt: Date.now() + H });
    expect(own).toMatchObject({ coverage: { alerts: 1, teams: ["inference"] }, concerns: [], mayConfirm: false });
  });

  it("a regex that matches everything is refused outright, naming the matcher, even with a confirmation", async () => {
    const body = { matchers: [eq("run", run), { name: "Hostname", value: ".+", isRegex: true, isEqual: true }], endsAt: Date.now() + H, comment: "int: everything", confirm: { reason: "it is fine, really, trust me" } };
    expect(await refusal(service.createFromRequest(SRE, body))).toMatchObject({ status: 400, message: 'matchers.1.value: Hostname=~".+" matches every value of Hostname: name the values it should match (a regex that matches everything is refused)' });
  });

  it("a developer reads only their teams' silences by id: another team's is 403, as the list hides it", async () => {
    const { silence: other } = await service.createFromRequest(SRE, { matchers: [eq("run", run), eq("team", "recsys")], endsAt: Date.now() + H, comment: "int: recsys only" });
    const { silence: mine } = await service.createFromRequest(SRE, { matchers: [eq("run", run), eq("team", "inference")], endsAt: Date.now() + H, comment: "int: inference" });
    expect(await refusal(service.getFromRequest(DEV, other.id))).toMatchObject({ status: 403, message: `Silence ${other.id} is not one of your teams' silences` });
    expect((await service.getFromRequest(DEV, mine.id)).silence.id).toBe(mine.id);
    expect((await service.getFromRequest(SRE, other.id)).silence.id).toBe(other.id);
    await service.expireFromRequest(SRE, other.id, { version: other.version });
    await service.expireFromRequest(SRE, mine.id, { version: mine.version });
  });
});
