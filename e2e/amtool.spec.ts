import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiAs, createToken, expect, test } from "./fixtures";

// npm test passes the stack's Alertmanager; by hand against `npm run demo` it is :9093.
const ALERTMANAGER_URL = process.env.ALERTMANAGER_URL ?? "http://127.0.0.1:9093";

/** Real amtool (Debian's 0.25) pointed at the console's Alertmanager API, with an API token as its bearer. */
function amtoolAs(baseURL: string, token: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "amtool-"));
  const config = path.join(dir, "http.yml");
  writeFileSync(config, `authorization:\n  type: Bearer\n  credentials: ${token}\n`);
  const flags = [`--alertmanager.url=${baseURL}/api/alertmanager/default`, `--http.config.file=${config}`];
  return {
    run: (...args: string[]) => execFileSync("amtool", [...flags, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
    fails: (...args: string[]) => {
      try {
        execFileSync("amtool", [...flags, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      } catch (error) {
        return `${(error as { stderr?: string }).stderr ?? ""}${(error as { stdout?: string }).stdout ?? ""}`;
      }
      throw new Error(`amtool ${args.join(" ")} succeeded`);
    },
  };
}

type AmSilence = { id: string; matchers: { name: string; value: string }[]; status: { state: string }; comment: string; createdBy: string };

test.describe("amtool against the console", () => {
  test("an SRE adds, queries and expires a silence: it lands in Alertmanager once, as the console's, audited", async ({ baseURL }) => {
    const amtool = amtoolAs(baseURL!, createToken(["--name", "e2e-amtool-sre", "--role", "sre"]));
    const id = amtool.run("silence", "add", "alertname=E2eAmtool", "team=platform", "--comment=e2e: amtool", "--duration=1h", "--author=sam").trim();
    expect(id).toMatch(/^[a-z0-9]{20,}$/);

    // The console's silence, with the console's id; in Alertmanager once, with the same matchers.
    const admin = await apiAs("admin", baseURL!);
    const { silence } = await (await admin.get(`/api/silences/${id}`)).json();
    expect(silence).toMatchObject({ id, state: "active", comment: "e2e: amtool", origin: "console" });
    const inAm = ((await (await fetch(`${ALERTMANAGER_URL}/api/v2/silences`)).json()) as AmSilence[]).filter((s) => s.status.state === "active" && s.matchers.some((m) => m.value === "E2eAmtool"));
    expect(inAm).toHaveLength(1);
    expect(inAm[0]!.matchers.map((m) => `${m.name}=${m.value}`).sort()).toEqual(["alertname=E2eAmtool", "team=platform"]);
    const audit = await (await admin.get(`/api/audit?targetId=${id}`)).json();
    expect(audit.events.map((e: { action: string; actorName: string }) => `${e.action} by ${e.actorName}`)).toEqual(["silence.create by e2e-amtool-sre"]);

    const listed = JSON.parse(amtool.run("silence", "query", "alertname=E2eAmtool", "-o", "json")) as AmSilence[];
    expect(listed.map((s) => [s.id, s.status.state, s.comment])).toEqual([[id, "active", "e2e: amtool"]]);
    expect(amtool.run("silence", "query", "-q", "alertname=E2eAmtool").trim()).toBe(id);

    amtool.run("silence", "expire", id);
    expect((await (await admin.get(`/api/silences/${id}`)).json()).silence.state).toBe("expired");
    await expect.poll(async () => ((await (await fetch(`${ALERTMANAGER_URL}/api/v2/silence/${inAm[0]!.id}`)).json()) as AmSilence).status.state).toBe("expired");
    expect(amtool.run("silence", "query", "-q", "alertname=E2eAmtool").trim()).toBe("");
    // Expiring it again is refused, as Alertmanager refuses it.
    expect(amtool.fails("silence", "expire", id)).toMatch(/already expired/);
    await admin.dispose();
  });

  test("a developer's amtool cannot silence another team, and queries only its teams' alerts", async ({ baseURL }) => {
    const amtool = amtoolAs(baseURL!, createToken(["--name", "e2e-amtool-dev", "--role", "developer", "--team", "inference"]));
    expect(amtool.fails("silence", "add", "alertname=E2eAmtoolOther", "team=recsys", "--comment=e2e: not mine", "--duration=1h")).toMatch(/you may only silence your teams' alerts/);
    const admin = await apiAs("admin", baseURL!);
    const all = (await (await admin.get("/api/silences?q=E2eAmtoolOther")).json()).silences;
    expect(all).toEqual([]);
    await admin.dispose();

    const alerts = JSON.parse(amtool.run("alert", "query", "-o", "json")) as { labels: Record<string, string> }[];
    const direct = (await (await fetch(`${ALERTMANAGER_URL}/api/v2/alerts`)).json()) as { labels: Record<string, string> }[];
    expect(alerts.every((a) => a.labels.team === "inference")).toBe(true);
    expect(alerts.length).toBe(direct.filter((a) => a.labels.team === "inference").length);
  });

  test("amtool config routes shows the running config's route tree to an SRE", async ({ baseURL }) => {
    const amtool = amtoolAs(baseURL!, createToken(["--name", "e2e-amtool-routes", "--role", "sre"]));
    const tree = amtool.run("config", "routes");
    const running = (await (await fetch(`${ALERTMANAGER_URL}/api/v2/status`)).json()) as { config: { original: string } };
    const receiver = /receiver: (\S+)/.exec(running.config.original)![1]!;
    expect(tree).toMatch(new RegExp(`^Routing tree:\\n\\.\\n└── default-route  receiver: ${receiver}\\n`));
    expect(tree).toContain('{team="inference"}  receiver: inference-chat');
    // And amtool's test of a label set routes as the running config does.
    expect(amtool.run("config", "routes", "test", "team=inference", "severity=critical").trim()).toMatch(/inference/);
  });
});

test.describe("Grafana's Alertmanager datasource against the console", () => {
  // The requests Grafana's Alertmanager datasource (implementation "prometheus") sends: its health check, the
  // alert list and groups, the silences, the receivers. An SRE's token sees everything, so each answer is Alertmanager's own.
  test("replays with the same answers as Alertmanager's", async ({ baseURL }) => {
    const token = createToken(["--name", "e2e-grafana", "--role", "sre"]);
    const viaConsole = async (p: string, init: RequestInit = {}) => fetch(`${baseURL}/api/alertmanager/default/api/v2/${p}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });
    const direct = (p: string) => fetch(`${ALERTMANAGER_URL}/api/v2/${p}`);
    const both = async (p: string) => {
      const [c, a] = await Promise.all([viaConsole(p), direct(p)]);
      expect(c.status, p).toBe(a.status);
      return [await c.json(), await a.json()] as const;
    };

    const [status, amStatus] = await both("status");
    expect(status.config).toEqual(amStatus.config);
    expect(status.versionInfo).toEqual(amStatus.versionInfo);
    const [receivers, amReceivers] = await both("receivers");
    expect(receivers).toEqual(amReceivers);

    // A silence made through the console is Alertmanager's silence under the console's id.
    const made = await viaConsole("silences", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ matchers: [{ name: "alertname", value: "E2eGrafana", isRegex: false, isEqual: true }, { name: "team", value: "platform", isRegex: false, isEqual: true }], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: "grafana", comment: "e2e: grafana" }) });
    expect(made.status).toBe(200);
    const { silenceID } = (await made.json()) as { silenceID: string };

    const byFingerprint = (alerts: { fingerprint: string; labels: Record<string, string>; status: { state: string } }[]) => Object.fromEntries(alerts.map((a) => [a.fingerprint, [a.labels, a.status.state]]));
    const query = "alerts?active=true&silenced=true&inhibited=true";
    const [alerts, amAlerts] = await both(query);
    expect(byFingerprint(alerts)).toEqual(byFingerprint(amAlerts));
    const [groups, amGroups] = await both("alerts/groups");
    const shape = (gs: { labels: Record<string, string>; receiver: { name: string }; alerts: { fingerprint: string }[] }[]) => gs.map((g) => [g.labels, g.receiver.name, g.alerts.map((a) => a.fingerprint).sort()]);
    expect(shape(groups)).toEqual(shape(amGroups));

    const [silences, amSilences] = await both("silences?filter=alertname%3D%22E2eGrafana%22");
    // The one difference: Alertmanager's copy says in its comment which console silence it is (how the sync finds it again).
    const same = (s: { matchers: unknown; comment: string; status: { state: string }; endsAt: string }) => [s.matchers, s.comment.replace(` [console silence ${silenceID}]`, ""), s.status.state, Date.parse(s.endsAt)];
    expect(silences.map((s: { id: string }) => s.id)).toEqual([silenceID]);
    expect(amSilences.map((s: { comment: string }) => s.comment)).toEqual([`e2e: grafana [console silence ${silenceID}]`]);
    expect(silences.map(same)).toEqual(amSilences.map(same));

    // Edited as Grafana edits one (the same POST with its id): the same console silence, changed in Alertmanager too.
    const edited = await viaConsole("silences", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: silenceID, matchers: [{ name: "alertname", value: "E2eGrafana", isRegex: false, isEqual: true }, { name: "team", value: "platform", isRegex: false, isEqual: true }], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 7_200_000).toISOString(), createdBy: "grafana", comment: "e2e: grafana, longer" }) });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toEqual({ silenceID });
    await expect.poll(async () => ((await (await direct("silences?filter=alertname%3D%22E2eGrafana%22")).json()) as { comment: string; status: { state: string } }[]).filter((s) => s.status.state === "active").map((s) => s.comment)).toEqual([`e2e: grafana, longer [console silence ${silenceID}]`]);

    // Expired as Grafana expires one.
    expect((await viaConsole(`silence/${silenceID}`, { method: "DELETE" })).status).toBe(200);
    await expect.poll(async () => ((await (await direct("silences?filter=alertname%3D%22E2eGrafana%22")).json()) as { status: { state: string } }[]).every((s) => s.status.state === "expired")).toBe(true);
    const unknown = await viaConsole("silence/no-such-silence");
    expect(unknown.status).toBe(404);
  });
});
