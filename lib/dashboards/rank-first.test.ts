import { describe, expect, it } from "vitest";
import captured from "@/lib/prom/fixtures/query-vector-gpu-util.json";
import { VectorSchema } from "@/lib/prom/schemas";
import { dashboardFor } from ".";
import { keptValues, rankingOf } from "./rank-first";
import { interpolate, interpolateBuiltins } from "./variables";

const SRE = dashboardFor("sre", "release")!;
const filled = (e: string) => interpolate(interpolateBuiltins(e, { rangeSeconds: 3600, intervalSeconds: 15 }), { cluster: [".*"], node: [".*"], model: [".*"] });

describe("rankingOf", () => {
  it("takes the ranking of every SRE top-N query, as an instant query of its own", () => {
    const ranked = SRE.panels.flatMap((p) => p.queries.filter((q) => q.rankFirst).map((q) => [p.id, filled(q.expr)] as const));
    expect(ranked.map(([id]) => id)).toEqual(expect.arrayContaining(["gpu-utilization", "gpu-temperature", "memory-temperature", "power", "nvlink-traffic"]));
    for (const [id, expr] of ranked) {
      const ranking = rankingOf(expr);
      expect(ranking, id).toMatch(/^(topk|bottomk)\(20, /);
      expect(ranking, id).toContain("ALERTS{");
      expect(expr.endsWith(`(${ranking})`), id).toBe(true);
    }
  });

  it("is null for any other form: no `and`, an `and` inside, or a query that does not parse", () => {
    expect(rankingOf("max by (gpu) (DCGM_FI_DEV_GPU_UTIL)")).toBeNull();
    expect(rankingOf("sum(x and on (a) y)")).toBeNull();
    expect(rankingOf("x or on (a) y")).toBeNull();
    expect(rankingOf("(x) and on (a) (topk(20, y")).toBeNull();
    expect(rankingOf("(x) and on (a) ((topk(20, y)))")).toBe("topk(20, y)");
  });
});

describe("keptValues", () => {
  it("names each node of a real answer once, sorted", () => {
    const vector = VectorSchema.parse(captured.data);
    const hosts = keptValues(vector, "Hostname");
    expect(hosts).toEqual([...new Set(vector.result.map((s) => s.metric.Hostname!))].sort());
    expect(hosts.length).toBeGreaterThan(1);
    expect(keptValues(vector, "no_such_label")).toEqual([]);
  });
});
