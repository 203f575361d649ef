import { describe, expect, it } from "vitest";
import { parseViewState, refreshMs, shiftRange, viewStateToParams } from "./url-state";

const DEFAULTS = { from: "now-1h", to: "now" };

describe("the URL state codec", () => {
  it("reads Grafana's names, repeated variables included", () => {
    const state = parseViewState(new URLSearchParams("from=now-6h&to=now&refresh=30s&var-cluster=a&var-node=n1&var-node=n2"), DEFAULTS);
    expect(state).toEqual({ from: "now-6h", to: "now", refresh: "30s", timezone: "browser", vars: { cluster: ["a"], node: ["n1", "n2"] } });
  });

  it("fills defaults and ignores an unknown refresh", () => {
    expect(parseViewState(new URLSearchParams("refresh=7s&timezone=mars"), DEFAULTS)).toEqual({ from: "now-1h", to: "now", refresh: "off", timezone: "browser", vars: {} });
  });

  it("writes back what it reads (round trip), in a stable order", () => {
    const url = "from=now-6h&to=now&refresh=30s&timezone=utc&var-cluster=a&var-node=n1&var-node=n2";
    expect(viewStateToParams(parseViewState(new URLSearchParams(url), DEFAULTS)).toString()).toBe(url);
    expect(viewStateToParams({ from: "now-1h", to: "now", refresh: "off", timezone: "browser", vars: { b: ["2"], a: ["1"] } }).toString()).toBe("from=now-1h&to=now&var-a=1&var-b=2");
  });

  it("knows each refresh interval in ms", () => {
    expect([refreshMs("off"), refreshMs("10s"), refreshMs("5m")]).toEqual([null, 10_000, 300_000]);
  });

  it("steps the window back and forward by its length, as absolute times", () => {
    const now = Date.UTC(2026, 10, 23, 12);
    expect(shiftRange("now-1h", "now", now, -1)).toEqual({ from: String(now - 7_200_000), to: String(now - 3_600_000) });
    expect(shiftRange(String(now - 7_200_000), String(now - 3_600_000), now, 1)).toEqual({ from: String(now - 3_600_000), to: String(now) });
  });
});
