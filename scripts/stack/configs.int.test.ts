import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileAlertmanagerConfig, PLACEHOLDER_SECRETS } from "../../lib/routing/compile";
import { seedRoutingModel } from "../../prisma/seed";
import { renderPrometheusConfig, ROOT, writeRules } from "./services";

const DEPLOY = path.join(ROOT, "deploy");
const tmp = mkdtempSync(path.join(tmpdir(), "deploy-check-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

describe("deploy/ passes the real tools' checks", () => {
  it("promtool accepts the Prometheus config as the stack renders it, with its rules", () => {
    const file = path.join(tmp, "prometheus.yml");
    writeFileSync(file, renderPrometheusConfig({ simPort: 19400, prometheusPort: 19090, alertmanagerPort: 19093, scrapeInterval: "2s" }));
    const out = run("promtool", ["check", "config", file]);
    expect(out).toContain("SUCCESS");
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });

  it("the rendered config points every job at the stack's ports", () => {
    const yaml = renderPrometheusConfig({ simPort: 19400, prometheusPort: 19090, alertmanagerPort: 19093 });
    for (const job of ["dcgm", "node", "facility", "scheduler", "inference", "training"]) {
      expect(yaml).toContain(`http://127.0.0.1:19400/sd/${job}`);
    }
    expect(yaml).toContain("127.0.0.1:19090");
    expect(yaml).toContain("127.0.0.1:19093");
    expect(yaml).not.toContain(":9400/");
  });

  it("promtool accepts every rule file", () => {
    const files = readdirSync(path.join(DEPLOY, "prometheus/rules")).map((f) => path.join(DEPLOY, "prometheus/rules", f));
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(run("promtool", ["check", "rules", ...files])).not.toContain("FAILED");
  });

  it("promtool's rule unit tests pass, and cover every alert", () => {
    // The test files (*.test.yml); the directory also holds their inputs (a configured inventory and the rules made from it).
    const tests = readdirSync(path.join(DEPLOY, "prometheus/tests")).filter((f) => f.endsWith(".test.yml")).map((f) => path.join(DEPLOY, "prometheus/tests", f));
    expect(tests.length).toBeGreaterThanOrEqual(4);
    expect(run("promtool", ["test", "rules", ...tests])).toContain("SUCCESS");
    const rules = run("cat", [path.join(DEPLOY, "prometheus/rules/alerts.yml")]);
    const alerts = [...rules.matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    const tested = run("cat", tests);
    for (const alert of alerts) expect(tested, alert).toContain(`alertname: ${alert}`);
  });

  it("the test stack's copy of the rules caps `for` and group intervals and stays valid", () => {
    const dir = writeRules(path.join(tmp, "rules"), { maxFor: "5s", maxInterval: "1s" });
    const alerts = run("cat", [path.join(dir, "alerts.yml")]);
    expect(alerts).not.toMatch(/for: (?!5s)/);
    expect(run("promtool", ["check", "rules", ...readdirSync(dir).map((f) => path.join(dir, f))])).not.toContain("FAILED");
  });

  it("the Alertmanager config is the compiled default routing the seed stores (regenerate: node scripts/run.mjs db default-routing)", () => {
    expect(readFileSync(path.join(DEPLOY, "alertmanager/alertmanager.yml"), "utf8")).toBe(compileAlertmanagerConfig(seedRoutingModel(), PLACEHOLDER_SECRETS));
  });

  it("amtool accepts the Alertmanager config", () => {
    expect(run("amtool", ["check-config", path.join(DEPLOY, "alertmanager/alertmanager.yml")])).toContain("SUCCESS");
  });

  it.each([
    [["team=platform", "severity=critical"], "platform-pager"],
    [["team=platform", "severity=warning"], "platform-chat"],
    [["team=platform", "severity=info"], "platform-tickets"],
    [["team=inference", "severity=critical"], "inference-pager"],
    [["team=recsys", "severity=warning"], "recsys-chat"],
    [["team=llm-training", "severity=critical"], "llm-training-pager"],
    [["team=ml-research", "severity=warning"], "ml-research-chat"],
    [["team=unknown", "severity=critical"], "platform-chat"],
  ])("routes %j to %s", (labels, receiver) => {
    const out = run("amtool", ["config", "routes", "test", `--config.file=${path.join(DEPLOY, "alertmanager/alertmanager.yml")}`, ...labels]);
    expect(out.trim()).toBe(receiver);
  });
});
