import { describe, expect, it } from "vitest";
import { compileAlertmanagerConfig, PLACEHOLDER_SECRETS } from "./compile";
import { defaultRouting } from "./model";
import { receiversFor, routeTreeFromYaml } from "./route-tree";
import { addChildAt, moveAt, nodeAt, removeAt, updateAt } from "./tree-edit";

const model = defaultRouting([
  { slug: "platform", labelValue: "platform" },
  { slug: "inference", labelValue: "inference" },
]);
const route = { ...model.route, receiver: model.route.receiver };

describe("editing the route tree by path", () => {
  it("reads and changes a nested route, leaving the original untouched", () => {
    expect(nodeAt(route, [1, 0]).receiver).toBe("inference-pager");
    const changed = updateAt(route, [1, 0], (n) => ({ ...n, repeatInterval: "30m" }));
    expect(nodeAt(changed, [1, 0]).repeatInterval).toBe("30m");
    expect(nodeAt(route, [1, 0]).repeatInterval).toBe("1h");
  });

  it("reordering changes where an alert goes, as Alertmanager sees it (first match wins)", () => {
    // A catch-all for critical before the team routes: it takes inference's critical alerts.
    const withCatchAll = addChildAt(route, [], { matchers: ['severity="critical"'], receiver: "platform-pager" });
    const last = withCatchAll.routes!.length - 1;
    const first = moveAt(moveAt(withCatchAll, [last], -1), [last - 1], -1);
    const routed = (r: typeof route) => receiversFor(routeTreeFromYaml(compileAlertmanagerConfig({ ...model, route: r }, PLACEHOLDER_SECRETS)), { team: "inference", severity: "critical" });
    expect(routed(withCatchAll)).toEqual(["inference-pager"]);
    expect(first.routes![0]!.receiver).toBe("platform-pager");
    expect(routed(first)).toEqual(["platform-pager"]);
    expect(moveAt(first, [0], -1)).toEqual(first);
  });

  it("removes a route and its children", () => {
    const removed = removeAt(route, [0]);
    expect(removed.routes!.map((r) => r.receiver)).toEqual(["inference-chat"]);
    expect(removeAt(route, [])).toBe(route);
  });
});
