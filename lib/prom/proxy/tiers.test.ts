import { describe, expect, it } from "vitest";
import { longTermNote, readStores, storesHeader } from "../stores";
import { tierParts } from "./tiers";

const range = (start: number, end: number, step: number) => new URLSearchParams({ query: "up", start: String(start), end: String(end), step: String(step) });
const spans = (parts: ReturnType<typeof tierParts>) => parts.map((p) => [p.tier, Number(p.params.get("start")), Number(p.params.get("end"))]);

describe("which store of a tiered datasource answers what", () => {
  it("a range across the boundary: the steps before it from the long-term store, the first step at or after it on from the recent one", () => {
    expect(spans(tierParts("query_range", range(1000, 2000, 60), 1500, 2000))).toEqual([
      ["long-term", 1000, 1480],
      ["recent", 1540, 2000],
    ]);
    // A boundary on a step: that step is the recent store's.
    expect(spans(tierParts("query_range", range(1000, 2000, 100), 1500, 2000))).toEqual([
      ["long-term", 1000, 1400],
      ["recent", 1500, 2000],
    ]);
  });

  it("a range wholly on one side goes to that store as asked", () => {
    expect(spans(tierParts("query_range", range(1600, 2000, 60), 1500, 2000))).toEqual([["recent", 1600, 2000]]);
    expect(spans(tierParts("query_range", range(100, 1400, 60), 1500, 2000))).toEqual([["long-term", 100, 1400]]);
  });

  it("an instant query to the store holding its time (now when it names none); other endpoints to the recent store", () => {
    expect(tierParts("query", new URLSearchParams({ query: "up", time: "1400" }), 1500, 2000).map((p) => p.tier)).toEqual(["long-term"]);
    expect(tierParts("query", new URLSearchParams({ query: "up" }), 1500, 2000).map((p) => p.tier)).toEqual(["recent"]);
    expect(tierParts("series", new URLSearchParams({ "match[]": "up", start: "0" }), 1500, 2000).map((p) => p.tier)).toEqual(["recent"]);
  });

  it("the header the panel reads, and what the panel says", () => {
    const stores = [
      { tier: "long-term" as const, name: "Victoria, long term" },
      { tier: "recent" as const, name: "Prometheus" },
    ];
    expect(readStores(storesHeader(stores))).toEqual(stores);
    expect(longTermNote(stores)).toBe("Partly from Victoria, long term, the long-term store");
    expect(longTermNote([stores[0]!])).toBe("From Victoria, long term, the long-term store");
    expect(longTermNote([stores[1]!])).toBeNull();
  });
});
