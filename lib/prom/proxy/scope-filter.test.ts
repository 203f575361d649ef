import { describe, expect, it } from "vitest";
import { filterAlerts, filterMetadata, filterRules } from "./scope-filter";

const alert = (team: string) => ({ labels: { alertname: "X", team }, state: "firing" });

describe("scope filters", () => {
  it("keeps only the team's alerts", () => {
    expect(filterAlerts({ alerts: [alert("a"), alert("b"), { labels: { alertname: "Y" } }] }, "team", ["a"])).toEqual({ alerts: [alert("a")] });
  });

  it("keeps rules of the team, and other alerting rules only with the team's alerts", () => {
    const data = {
      groups: [
        {
          name: "g",
          rules: [
            { type: "alerting" as const, name: "Mine", labels: { team: "a" }, alerts: [alert("a")] },
            { type: "alerting" as const, name: "Shared", labels: {} as Record<string, string>, alerts: [alert("a"), alert("b")] },
            { type: "alerting" as const, name: "Theirs", labels: { team: "b" }, alerts: [alert("b")] },
            { type: "recording" as const, name: "rec", labels: {} as Record<string, string> },
          ],
        },
        { name: "h", rules: [{ type: "recording" as const, name: "other" }] },
      ],
    };
    const out = filterRules(data, "team", ["a"]);
    expect(out.groups).toHaveLength(1);
    expect(out.groups[0]!.rules.map((r) => (r as unknown as { name: string }).name)).toEqual(["Mine", "Shared"]);
    expect(out.groups[0]!.rules[1]!.alerts).toEqual([alert("a")]);
  });

  it("keeps metadata of the allowed metric names only", () => {
    expect(filterMetadata({ up: [1], secret_metric: [2] }, new Set(["up"]))).toEqual({ up: [1] });
  });
});
