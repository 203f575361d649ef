import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TEAMS } from "../../prisma/seed";
import { compileAlertmanagerConfig, PLACEHOLDER_SECRETS } from "./compile";
import { defaultRouting, type RoutingModelInput } from "./model";
import { receiversFor, routeTreeFromYaml } from "./route-tree";

/** Every compiled config passes `amtool check-config`, and routes as the TypeScript tree says. */
const dir = mkdtempSync(path.join(tmpdir(), "routing-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, yaml: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, yaml);
  return file;
}
const amtool = (...args: string[]) => execFileSync("amtool", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("compiled Alertmanager configs, checked by Alertmanager's own tool", () => {
  const defaults = compileAlertmanagerConfig(defaultRouting(TEAMS.map((t) => ({ slug: t.slug, labelValue: t.slug }))), PLACEHOLDER_SECRETS);
  const defaultsFile = write("defaults.yml", defaults);

  it("the default routing of the seeded teams passes amtool check-config", () => {
    expect(amtool("check-config", defaultsFile)).toContain("SUCCESS");
  });

  it.each(TEAMS.flatMap((t) => ["critical", "warning", "info"].map((severity) => ({ team: t.slug, severity, alertname: "X" }))))("routes %j as amtool does", (labels) => {
    const viaAmtool = amtool("config", "routes", "test", `--config.file=${defaultsFile}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)).trim().split(",");
    expect(receiversFor(routeTreeFromYaml(defaults), labels)).toEqual(viaAmtool);
  });

  it("a model with every receiver kind, time intervals, mute and active intervals and inhibitions passes too", () => {
    const model = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures/model-rich.json"), "utf8")) as RoutingModelInput;
    const yaml = compileAlertmanagerConfig(model, { resolveSecret: (ref) => ("env" in ref && ref.env.endsWith("_URL") ? "https://tickets.example/hooks/alertmanager" : "0123456789abcdef0123456789abcdef") });
    const file = write("rich.yml", yaml);
    expect(amtool("check-config", file)).toContain("SUCCESS");
    const tree = routeTreeFromYaml(yaml);
    const sets: Record<string, string>[] = [{ severity: "critical" }, { severity: "info" }, { team: "finance", severity: "warning" }, { severity: "warning" }];
    for (const labels of sets) {
      const viaAmtool = amtool("config", "routes", "test", `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)).trim().split(",");
      expect(receiversFor(tree, labels)).toEqual(viaAmtool);
    }
  });
});
