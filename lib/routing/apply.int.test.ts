import { systemActor } from "@/lib/audit/model";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { createPrisma } from "@/lib/db/client";
import { freePort, type ManagedProcess } from "../../scripts/stack/process";
import { alertmanagerConfigFile, startAlertmanager } from "../../scripts/stack/services";
import { seedRoutingModel } from "../../prisma/seed";
import { applyModel, runningConfig, sha256 } from "./apply";
import { compileAlertmanagerConfig, PLACEHOLDER_SECRETS } from "./compile";
import { RoutingModelSchema, type RoutingModel } from "./model";
import { routingFingerprint } from "./route-tree";
import { seal } from "./secret-box";

/**
 * Applying routing to a real Alertmanager of this test's own (the harness' one is shared),
 * with every receiver a webhook into a small HTTP sink started here: an alert posted to
 * Alertmanager arrives at the receiver the routing says, inhibited alerts never do, a
 * config amtool refuses changes nothing, and a reload that does not take puts the
 * previous file back.
 */
process.env.ROUTING_SECRET_KEY ??= "integration-test-key-0123456789abcdef";
const db = createPrisma();
const BY = "int routing";

interface Delivery {
  path: string;
  receiver: string;
  alerts: { labels: Record<string, string>; status: string }[];
}
const deliveries: Delivery[] = [];
let sink: Server;
let sinkUrl = "";
let dir = "";
let am: ManagedProcess | null = null;
let amUrl = "";
let file = "";
let target: { file: string; alertmanagers: string[] };

/** The seeded default routing, every receiver a webhook to /hook/<name> (URL sealed like a user's secret), timings shortened for a test. */
function sinkRouting(): RoutingModel {
  const base = seedRoutingModel();
  return RoutingModelSchema.parse({
    ...base,
    route: { ...base.route, groupWait: "1s", groupInterval: "1s", repeatInterval: "1h" },
    receivers: base.receivers.map((r) => ({ name: r.name, team: r.team, kind: "webhook", url: { stored: seal(`${sinkUrl}/hook/${r.name}`, `${r.name}.url`) }, sendResolved: false })),
    // The tickets route only notifies in business hours; the test must not depend on the clock.
    timeIntervals: [{ name: "business-hours", intervals: [{ weekdays: ["sunday:saturday"] }] }],
  });
}

async function postAlerts(alerts: Record<string, string>[]): Promise<void> {
  const response = await fetch(`${amUrl}/api/v2/alerts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(alerts.map((labels) => ({ labels, annotations: { summary: "routing integration test" }, startsAt: new Date().toISOString() }))),
  });
  expect(response.status).toBe(200);
}

const until = async <T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};
const deliveredTo = (run: string) => deliveries.filter((d) => d.alerts.some((a) => a.labels.run === run));

describe("routing applied to a real Alertmanager, delivered to a webhook sink", () => {
  beforeAll(async () => {
    sink = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const payload = JSON.parse(body) as Omit<Delivery, "path">;
        deliveries.push({ path: req.url ?? "", receiver: payload.receiver, alerts: payload.alerts });
        res.end("ok");
      });
    });
    const sinkPort = await freePort();
    await new Promise<void>((resolve) => sink.listen(sinkPort, "127.0.0.1", resolve));
    sinkUrl = `http://127.0.0.1:${sinkPort}`;
    dir = mkdtempSync(path.join(tmpdir(), "routing-apply-"));
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    am = await startAlertmanager(port, { dataDir: dir, logDir: dir });
    file = alertmanagerConfigFile({ dataDir: dir, logDir: dir });
    target = { file, alertmanagers: [amUrl] };
  }, 90_000);

  afterAll(async () => {
    if (am) await am.stop();
    await new Promise((resolve) => sink.close(resolve));
    rmSync(dir, { recursive: true, force: true });
    await db.routingVersion.deleteMany({ where: { appliedBy: BY } });
    await db.$disconnect();
  });

  it("Alertmanager starts on the shipped config, which is the seeded routing compiled (it reports it re-serialized: same fingerprint)", async () => {
    const running = await runningConfig(amUrl);
    expect(running).not.toBe(compileAlertmanagerConfig(seedRoutingModel(), PLACEHOLDER_SECRETS));
    expect(routingFingerprint(running)).toBe(routingFingerprint(compileAlertmanagerConfig(seedRoutingModel(), PLACEHOLDER_SECRETS)));
    expect(routingFingerprint(running)).not.toBe(routingFingerprint(compileAlertmanagerConfig(sinkRouting(), PLACEHOLDER_SECRETS)));
  });

  it("apply: writes the file, reloads, records the version with who applied it; Alertmanager runs exactly those bytes", async () => {
    const version = await applyModel(sinkRouting(), { actor: systemActor(BY), message: "webhooks to the sink", target });
    expect(version).toMatchObject({ status: "applied", appliedBy: BY, message: "webhooks to the sink", error: null });
    const audit = await db.auditEvent.findFirst({ where: { action: "routing.apply", targetId: String(version.id) } });
    expect(audit).toMatchObject({ actorKind: "system", actorName: BY, after: { version: version.id, status: "applied", sha256: version.sha256 } });
    const written = readFileSync(file, "utf8");
    expect(sha256(written)).toBe(version.sha256);
    expect(routingFingerprint(await runningConfig(amUrl))).toBe(routingFingerprint(written));
    // The webhook URLs were sealed in the model; Alertmanager gets them opened, the stored version only placeholders.
    expect(written).toContain(`url: ${sinkUrl}/hook/inference-pager`);
    const stored = await db.routingVersion.findUniqueOrThrow({ where: { id: version.id } });
    expect(stored.yaml).toContain("url: <secret stored in the console>");
    expect(stored.yaml).not.toContain(sinkUrl);
  });

  it.each([
    [{ team: "inference", severity: "critical" }, "inference-pager"],
    [{ team: "inference", severity: "warning" }, "inference-chat"],
    [{ team: "ml-research", severity: "info" }, "ml-research-tickets"],
    [{ team: "platform", severity: "critical" }, "platform-pager"],
    [{ team: "nobody", severity: "critical" }, "platform-chat"],
  ])("an alert %j posted to Alertmanager reaches %s, and only it", async (labels, receiver) => {
    const run = randomUUID();
    // Its own instance: the seeds' "critical inhibits warning" rule is per alertname, cluster, instance and gpu,
    // so without one an earlier critical RoutingIntegration would (rightly) inhibit a later warning.
    await postAlerts([{ alertname: "RoutingIntegration", run, instance: run, ...labels }]);
    const [first] = await until(`a delivery of ${run}`, () => (deliveredTo(run).length ? deliveredTo(run) : undefined));
    expect(first).toMatchObject({ path: `/hook/${receiver}`, receiver });
    // Nothing else gets it (no continue in the default tree): wait past another group interval.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(new Set(deliveredTo(run).map((d) => d.receiver))).toEqual(new Set([receiver]));
  });

  it("the seeds' inhibition: a thermally throttled GPU suppresses the latency alert of its cluster, not of another", async () => {
    const run = randomUUID();
    const cluster = `int-${run.slice(0, 8)}`;
    await postAlerts([{ alertname: "GpuThermalThrottling", severity: "warning", team: "platform", cluster, Hostname: "gpu-node-001", gpu: "0", run }]);
    await until("the throttling alert's delivery", () => (deliveredTo(run).length ? true : undefined));
    await postAlerts([
      { alertname: "InferenceLatencyHigh", severity: "critical", team: "inference", cluster, model_name: "llama", run },
      { alertname: "InferenceLatencyHigh", severity: "critical", team: "inference", cluster: `${cluster}-other`, model_name: "llama", run },
    ]);
    const alerts = await until("Alertmanager to list both latency alerts", async () => {
      const response = await fetch(`${amUrl}/api/v2/alerts?filter=${encodeURIComponent(`run="${run}"`)}&filter=alertname%3D%22InferenceLatencyHigh%22`);
      const list = (await response.json()) as { labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } }[];
      return list.length === 2 ? list : undefined;
    });
    const byCluster = Object.fromEntries(alerts.map((a) => [a.labels.cluster, a.status]));
    expect(byCluster[cluster]).toMatchObject({ state: "suppressed" });
    expect(byCluster[cluster]!.inhibitedBy.length).toBe(1);
    expect(byCluster[`${cluster}-other`]).toMatchObject({ state: "active", inhibitedBy: [] });
    await until("the other cluster's latency alert to page", () =>
      deliveredTo(run).some((d) => d.receiver === "inference-pager" && d.alerts.some((a) => a.labels.cluster === `${cluster}-other`)) ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 2_500));
    const latency = deliveredTo(run).flatMap((d) => d.alerts.filter((a) => a.labels.alertname === "InferenceLatencyHigh").map((a) => a.labels.cluster));
    expect(latency).not.toContain(cluster);
  });

  it("a config amtool check-config refuses is not applied: 422 saying why, the file, Alertmanager and the versions unchanged", async () => {
    const before = { file: readFileSync(file, "utf8"), running: await runningConfig(amUrl), versions: await db.routingVersion.count() };
    const bad = RoutingModelSchema.parse({ ...sinkRouting(), timeIntervals: [{ name: "business-hours", intervals: [{ weekdays: ["monday:friday"], location: "Mars/Olympus_Mons" }] }] });
    const error = await applyModel(bad, { actor: systemActor(BY), target }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(422);
    expect((error as AppError).message).toMatch(/^amtool check-config refused the config, nothing was applied: .*Mars\/Olympus_Mons/);
    expect(readFileSync(file, "utf8")).toBe(before.file);
    expect(await runningConfig(amUrl)).toBe(before.running);
    expect(await db.routingVersion.count()).toBe(before.versions);
  });

  it("a reload that does not take (Alertmanager reads another file) keeps the previous config: the file is put back, the failed version says why", async () => {
    const running = await runningConfig(amUrl);
    const elsewhere = path.join(dir, "not-read-by-alertmanager.yml");
    writeFileSync(elsewhere, running);
    const error = await applyModel(seedRoutingModel(), { actor: systemActor(BY), target: { file: elsewhere, alertmanagers: [amUrl] } }).catch((e: unknown) => e);
    expect((error as AppError).status).toBe(502);
    expect((error as AppError).message).toMatch(/did not take version \d+; the previous config stays active: .*does not run the file written/);
    expect(readFileSync(elsewhere, "utf8")).toBe(running);
    expect(await runningConfig(amUrl)).toBe(running);
    const failed = await db.routingVersion.findFirstOrThrow({ where: { appliedBy: BY }, orderBy: { id: "desc" } });
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed.error).toMatch(/does not run the file written/);
  });

  it("amtool's message never carries a secret: a stored URL with a bad escape, and an env reference, come back masked", async () => {
    const leaked = "https://hooks.slack.com/services/T000/B000/s3cr%zzet";
    process.env.ALERTING_SECRET_INT_BAD_URL = "https://hooks.example/T1/%zzenv-secret";
    const routing = sinkRouting();
    const withStored = RoutingModelSchema.parse({ ...routing, receivers: routing.receivers.map((r, i) => (i === 0 ? { ...r, url: { stored: seal(leaked, `${r.name}.url`) } } : r)) });
    const stored = (await applyModel(withStored, { actor: systemActor(BY), target }).catch((e: unknown) => e)) as AppError;
    expect(stored.status).toBe(422);
    expect(stored.message).toMatch(/invalid URL escape "<secret>"/);
    expect(stored.message).not.toContain("s3cr");
    expect(stored.message).not.toContain("%zz");
    const withEnv = RoutingModelSchema.parse({ ...routing, receivers: routing.receivers.map((r, i) => (i === 0 ? { ...r, url: { env: "ALERTING_SECRET_INT_BAD_URL" } } : r)) });
    const env = (await applyModel(withEnv, { actor: systemActor(BY), target }).catch((e: unknown) => e)) as AppError;
    expect(env.message).toMatch(/^amtool check-config refused the config, nothing was applied: parse "<secret>"/);
    expect(env.message).not.toContain("env-secret");
    delete process.env.ALERTING_SECRET_INT_BAD_URL;
  });

  it("an env reference may name only ALERTING_SECRET_* variables: the console's own configuration is refused by the schema and when applying", async () => {
    const routing = sinkRouting();
    const own = { ...routing, receivers: routing.receivers.map((r, i) => (i === 0 ? { ...r, url: { env: "NEXTAUTH_SECRET" } } : r)) };
    const parsed = RoutingModelSchema.safeParse(own);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toMatch(/^an environment variable named ALERTING_SECRET_…/);
    // A reference stored before the rule: refused when compiled (the compiler parses with the same schema), nothing written.
    const before = readFileSync(file, "utf8");
    const error = (await applyModel(own as RoutingModel, { actor: systemActor(BY), target }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain("an environment variable named ALERTING_SECRET_…");
    expect(readFileSync(file, "utf8")).toBe(before);
    expect(readFileSync(file, "utf8")).not.toContain(process.env.NEXTAUTH_SECRET ?? "no-secret-set");
  });
});
