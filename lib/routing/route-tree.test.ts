import { describe, expect, it } from "vitest";
import { matchRoutes, parseConfigMatcher, routeTreeFromYaml } from "./route-tree";

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
