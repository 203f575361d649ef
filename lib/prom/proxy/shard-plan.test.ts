import { describe, expect, it } from "vitest";
import { dashboardFor, DASHBOARDS } from "@/lib/dashboards/index";
import { interpolateBuiltins } from "@/lib/dashboards/variables";
import { parseQuery } from "./query";
import { queryGrid, shardLeaves } from "./shard-eval";
import { planShards, ShardPlanError } from "./shard-plan";

const plan = (expr: string) => planShards(parseQuery(expr));
const leaves = (expr: string, grid = queryGrid({ instant: true, timeMs: 3_600_000 })) => [...shardLeaves(plan(expr), grid).values()].map((l) => l.expr);

describe("planning a query over hashmod shards", () => {
  it("sends what never combines two series to every shard as it is, to be joined", () => {
    for (const expr of ['DCGM_FI_DEV_GPU_UTIL{gpu="0"}', "rate(DCGM_FI_DEV_ECC_SBE_VOL_TOTAL[5m]) * 100", 'label_replace(up, "host", "$1", "instance", "(.+):.*")', "max_over_time(DCGM_FI_DEV_GPU_TEMP[1h:1m])"]) {
      expect(plan(expr), expr).toEqual({ kind: "remote", expr });
    }
  });

  it("pushes the aggregations that compose down to the shards: sum, count (summed), min, max, group", () => {
    expect(plan("sum by (cluster) (rate(x[5m]))")).toEqual({ kind: "pushdown", expr: "sum by (cluster) (rate(x[5m]))", combine: "sum" });
    expect(plan("count without (gpu) (x)")).toEqual({ kind: "pushdown", expr: "count without (gpu) (x)", combine: "sum" });
    expect(plan("max(x)")).toMatchObject({ kind: "pushdown", combine: "max" });
  });

  it("avg as the shards' sums over their counts; topk as the top of the shards' tops", () => {
    expect(plan("avg by (modelName) (x)")).toMatchObject({
      kind: "binary",
      op: "Div",
      left: { kind: "pushdown", expr: "sum by (modelName) (x)" },
      right: { kind: "pushdown", expr: "count by (modelName) (x)" },
    });
    expect(plan("topk(3, x)")).toMatchObject({ kind: "aggregate", op: "topk", param: { kind: "number", value: 3 }, inner: { kind: "remote", expr: "topk(3, x)" } });
  });

  it("evaluates in the console what does not compose: quantile over the joined series, a join of two vectors over both sides", () => {
    expect(plan("quantile(0.9, x)")).toMatchObject({ kind: "aggregate", op: "quantile", inner: { kind: "remote", expr: "x" } });
    expect(plan("a / on (gpu) group_left (job) b")).toMatchObject({
      kind: "binary",
      matching: { on: true, labels: ["gpu"], card: "many-to-one", include: ["job"] },
      left: { kind: "remote", expr: "a" },
      right: { kind: "remote", expr: "b" },
    });
    expect(leaves("100 * sum(a) / sum(a + b)")).toEqual(["sum(a)", "a", "b"]);
  });

  it("a subquery over an aggregation: its inner asked on the subquery's own steps, as a range", () => {
    const [leaf] = [...shardLeaves(plan("max_over_time(sum(x)[10m:1m] @ end())"), queryGrid({ instant: true, timeMs: 3_600_000 })).values()];
    expect(leaf!.expr).toBe("sum(x)");
    // Multiples of the step from (t − range) to t: 11 steps, both ends included.
    expect(leaf!.grid).toMatchObject({ instant: false, startMs: 3_000_000, endMs: 3_600_000, stepMs: 60_000 });
    expect(leaf!.grid.times).toHaveLength(11);
  });

  it("refuses what cannot be split exactly, saying what", () => {
    expect(() => plan("absent(x)")).toThrow(ShardPlanError);
    expect(() => plan("absent(x)")).toThrow(/absent\(\) over "x" cannot be answered across shards/);
    expect(() => plan("rate(sum(x)[5m:])")).toThrow(/needs its step written|cannot be answered/);
  });

  it("every built-in dashboard's query can be answered across shards", () => {
    const exprs = Object.keys(DASHBOARDS)
      .map((id) => dashboardFor(id, "release")!)
      .flatMap((d) => [...d.panels.flatMap((p) => [...p.queries.flatMap((q) => [q.expr, ...(q.raw ? [q.raw] : [])]), ...(p.kind === "heatmap" && p.detail ? [p.detail.expr] : [])]), ...d.variables.flatMap((v) => (v.match ? [v.match] : []))]);
    expect(exprs.length).toBeGreaterThan(100);
    const refused = exprs.flatMap((template) => {
      const expr = interpolateBuiltins(template, { rangeSeconds: 3600, intervalSeconds: 60 });
      try {
        plan(expr);
        return [];
      } catch (error) {
        return [`${expr}: ${(error as Error).message}`];
      }
    });
    expect(refused).toEqual([]);
  });
});
