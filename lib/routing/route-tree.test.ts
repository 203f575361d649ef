import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { matchRoutes, parseConfigMatcher, routeTreeFromYaml, routingFingerprint } from "./route-tree";

describe("Alertmanager's config matchers", () => {
  it("reads quoted and unquoted values and the four operators", () => {
    expect(parseConfigMatcher('team="platform"')).toEqual({ name: "team", value: "platform", isRegex: false, isEqual: true });
    expect(parseConfigMatcher("severity=critical")).toEqual({ name: "severity", value: "critical", isRegex: false, isEqual: true });
    expect(parseConfigMatcher('gpu!~"[0-3]"')).toEqual({ name: "gpu", value: "[0-3]", isRegex: true, isEqual: false });
    expect(parseConfigMatcher('msg!="say \\"hi\\""')).toEqual({ name: "msg", value: 'say "hi"', isRegex: false, isEqual: false });
    expect(() => parseConfigMatcher("team")).toThrow(/bad matcher "team"/);
  });
});

describe("the routing tree", () => {
  const tree = routeTreeFromYaml(`
route:
  receiver: root
  group_by: [alertname]
  routes:
    - matchers: [a="1"]
      receiver: one
      continue: true
    - matchers: [a=~"1|2"]
      receiver: onetwo
      group_wait: 1m
      routes:
        - matchers: [b="x"]
          receiver: deep
`);

  it("stops at the first matching child unless it continues, and falls back to the parent", () => {
    expect(matchRoutes(tree, { a: "1" }).map((r) => r.receiver)).toEqual(["one", "onetwo"]);
    expect(matchRoutes(tree, { a: "2", b: "x" }).map((r) => [r.receiver, r.path, r.groupWait, r.groupBy])).toEqual([["deep", [1, 0], "1m", ["alertname"]]]);
    expect(matchRoutes(tree, { a: "3" }).map((r) => r.receiver)).toEqual(["root"]);
  });

  it("refuses a tree whose root has no receiver, and a bad duration", () => {
    expect(() => routeTreeFromYaml("route:\n  group_by: [a]\n")).toThrow(/root route needs a receiver/);
    expect(() => routeTreeFromYaml("route:\n  receiver: r\n  group_wait: soon\n")).toThrow(/a duration/);
  });
});

describe("routing fingerprints: what a config routes, however it is written", () => {
  // Alertmanager 0.25's /api/v2/status config.original for the shipped config: defaults filled in, 24h written 1d.
  const reserialized = readFileSync(path.join(import.meta.dirname, "fixtures/am-reserialized.yml"), "utf8");
  const shipped = readFileSync(path.join(import.meta.dirname, "../../deploy/alertmanager/alertmanager.yml"), "utf8");

  it("the config Alertmanager reports running has the fingerprint of the file it read", () => {
    expect(reserialized).not.toBe(shipped);
    expect(routingFingerprint(reserialized)).toBe(routingFingerprint(shipped));
  });

  it.each([
    ["a repeat interval", (y: string) => y.replace("repeat_interval: 24h", "repeat_interval: 12h")],
    ["a matcher", (y: string) => y.replace('team="recsys"', 'team=~"recsys"')],
    ["an inhibition's equal", (y: string) => y.replace("      - gpu\n", "")],
    ["a receiver's integration", (y: string) => y.replace("  - name: recsys-pager\n", "  - name: recsys-pager\n    webhook_configs:\n      - url: http://127.0.0.1:9/x\n")],
  ])("changes with %s", (_, change) => {
    const changed = change(shipped);
    expect(changed).not.toBe(shipped);
    expect(routingFingerprint(changed)).not.toBe(routingFingerprint(reserialized));
  });
});
