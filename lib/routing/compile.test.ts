import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { firstIssue } from "@/lib/api/zod";
import { compileAlertmanagerConfig, PLACEHOLDER_SECRETS } from "./compile";
import { defaultRouting, RoutingModelSchema, type RoutingModelInput } from "./model";
import { receiversFor, routeTreeFromYaml } from "./route-tree";

const TEAMS = [
  { slug: "platform", labelValue: "platform" },
  { slug: "inference", labelValue: "inference" },
];

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");

describe("compiling the routing model to alertmanager.yml", () => {
  // Golden files: a change to the compiler's output shows up here as a diff to review.
  it.each([
    ["model-rich.json", "compiled-rich.yml"],
    ["model-default.json", "compiled-default.yml"],
  ])("%s compiles to exactly %s", (model, yaml) => {
    expect(compileAlertmanagerConfig(JSON.parse(fixture(model)) as RoutingModelInput, PLACEHOLDER_SECRETS)).toBe(fixture(yaml));
  });

  it("is deterministic: the same model gives the same bytes, whatever the key order it was written in", () => {
    const model = defaultRouting(TEAMS);
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverseKeys) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)])) : v;
    const reordered = reverseKeys(model) as RoutingModelInput;
    const a = compileAlertmanagerConfig(model, PLACEHOLDER_SECRETS);
    expect(compileAlertmanagerConfig(model, PLACEHOLDER_SECRETS)).toBe(a);
    expect(compileAlertmanagerConfig(reordered, PLACEHOLDER_SECRETS)).toBe(a);
  });

  it("routes by team and severity by default: critical pages, info opens a ticket, warning goes to chat", () => {
    const tree = routeTreeFromYaml(compileAlertmanagerConfig(defaultRouting(TEAMS), PLACEHOLDER_SECRETS));
    expect(receiversFor(tree, { team: "inference", severity: "critical" })).toEqual(["inference-pager"]);
    expect(receiversFor(tree, { team: "inference", severity: "info" })).toEqual(["inference-tickets"]);
    expect(receiversFor(tree, { team: "platform", severity: "warning" })).toEqual(["platform-chat"]);
    expect(receiversFor(tree, { severity: "critical" })).toEqual(["platform-chat"]);
  });

  it("writes secrets from the environment only when asked to, and file references as *_file", () => {
    const model: RoutingModelInput = {
      route: { receiver: "slack", matchers: [] },
      receivers: [
        { name: "slack", kind: "slack", channel: "#gpu", apiUrl: { env: "ALERTING_SECRET_SLACK_URL" } },
        { name: "pd", kind: "pagerduty", routingKey: { file: "/etc/alertmanager/pd-key" } },
      ],
    };
    const exported = compileAlertmanagerConfig(model, PLACEHOLDER_SECRETS);
    expect(exported).toContain("api_url: <secret from $ALERTING_SECRET_SLACK_URL>");
    expect(exported).toContain("routing_key_file: /etc/alertmanager/pd-key");
    expect(compileAlertmanagerConfig(model, { resolveSecret: () => "https://hooks.slack.example/T0/B0/x" })).toContain("api_url: https://hooks.slack.example/T0/B0/x");
  });

  it("refuses a route to a receiver or a time interval that does not exist, naming where", () => {
    const bad = RoutingModelSchema.safeParse({
      route: { receiver: "a", routes: [{ matchers: ['team="x"'], receiver: "missing" }, { matchers: ["team"], receiver: "a", muteTimeIntervals: ["nights"] }] },
      receivers: [{ name: "a", kind: "none" }],
    });
    expect(bad.success).toBe(false);
    const issues = bad.success ? [] : bad.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues).toContain('route.routes.0.receiver: no receiver named "missing"');
    expect(issues.some((i) => i.startsWith("route.routes.1.matchers.0: bad matcher"))).toBe(true);
    expect(bad.success ? "" : firstIssue(bad.error)).toMatch(/^route\./);
  });
});
