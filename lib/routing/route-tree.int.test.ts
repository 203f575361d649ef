import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { matchRoutes, receiversFor, routeTreeFromYaml } from "./route-tree";

/**
 * The TypeScript routing tree against Alertmanager's own (`amtool config routes test`,
 * from the Debian package) on the deploy config (the compiled default routing), on a
 * hand-written tree that groups teams with regexes and overrides timings, and on a tree
 * with continue, legacy match maps, negative and regex matchers and deep nesting.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const CONFIGS = {
  deploy: path.join(ROOT, "deploy/alertmanager/alertmanager.yml"),
  grouped: path.join(ROOT, "lib/routing/fixtures/routes-grouped.yml"),
  continue: path.join(ROOT, "lib/routing/fixtures/routes-continue.yml"),
};

function amtool(config: string, labels: Record<string, string>): string[] {
  const args = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const out = execFileSync("amtool", ["config", "routes", "test", `--config.file=${config}`, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return out.trim().split(",");
}

const TEAMS = ["platform", "ml-research", "llm-training", "inference", "recsys", "unknown", ""];
const SEVERITIES = ["critical", "warning", "info"];
const LABEL_SETS: Record<string, string>[] = [
  ...TEAMS.flatMap((team) => SEVERITIES.map((severity) => ({ alertname: "GpuTemperatureHigh", team, severity }))),
  { alertname: "GpuXidErrors", team: "platform", severity: "warning", Hostname: "eu-west-gpu-005", gpu: "2", cluster: "eu-west" },
  { alertname: "GpuXidErrors", team: "platform", severity: "info", Hostname: "eu-west-gpu-005", gpu: "7", cluster: "eu-west" },
  { alertname: "GpuThermalThrottling", team: "platform", severity: "critical", Hostname: "us-east-gpu-003", gpu: "5", cluster: "us-east" },
  { alertname: "GpuThermalThrottling", team: "platform", severity: "warning", Hostname: "us-east-gpu-003", gpu: "1", cluster: "us-east" },
  { alertname: "GpuThermalThrottling", team: "platform", severity: "warning", Hostname: "ap-gpu-001", gpu: "1", cluster: "ap" },
  { alertname: "ExporterTargetDown", team: "platform", severity: "critical", job: "dcgm", instance: "eu-west-gpu-009:9400" },
  { alertname: "ExporterTargetDown", team: "platform", severity: "warning", job: "node" },
  { alertname: "NodeDiskFull", team: "platform", severity: "warning", job: "dcgm" },
  { alertname: "TrainingLossDiverging", team: "ml-research", severity: "critical", job_name: "clip-finetune-1" },
  { alertname: "TrainingLossDiverging", team: "ml-research", severity: "info" },
  { alertname: "TrainingStraggler", team: "llm-training", severity: "warning" },
  { alertname: "InferenceLatencyHigh", team: "inference", severity: "critical", model_name: "llama-3-8b-instruct" },
  { alertname: "ModelAccuracyDrift", team: "recsys", severity: "warning", model_name: "dlrm-v2" },
  { alertname: "Watchdog" },
  { alertname: "Watchdog", severity: "critical" },
];

describe("the routing tree, as Alertmanager routes", () => {
  it(`has at least 30 label sets to try`, () => expect(LABEL_SETS.length).toBeGreaterThanOrEqual(30));

  for (const [name, file] of Object.entries(CONFIGS)) {
    const tree = routeTreeFromYaml(readFileSync(file, "utf8"));
    it.each(LABEL_SETS.map((l) => [JSON.stringify(l), l] as const))(`${name}: %s goes where amtool says`, (_, labels) => {
      expect(receiversFor(tree, labels)).toEqual(amtool(file, labels));
    });
  }

  it("gives each matched route's path and inherited options", () => {
    const tree = routeTreeFromYaml(readFileSync(CONFIGS.grouped, "utf8"));
    const [serving] = matchRoutes(tree, { team: "inference", severity: "critical" });
    expect(serving).toMatchObject({ path: [2, 0], receiver: "serving-pager", groupBy: ["alertname", "team", "model_name"], groupWait: "10s", groupInterval: "5m", repeatInterval: "4h" });
    const [platform] = matchRoutes(tree, { team: "platform", severity: "critical" });
    expect(platform).toMatchObject({ path: [0, 0], repeatInterval: "1h", groupBy: ["alertname", "cluster", "team"] });
  });
});
