import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { findParseFault } from "@/lib/prom/proxy/validate";
import { interpolateBuiltins } from "../variables";
import { rankOverWindow, topSeries } from "./top-series";

const BUILTINS = { rangeSeconds: 3600, intervalSeconds: 30 };
const names = (expr: string) => {
  const out: string[] = [];
  parser.parse(expr).iterate({ enter: (n) => void out.push(n.name) });
  return out;
};

describe("topSeries", () => {
  const expr = "max by (cluster, Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP)";

  it("keeps the expression's series that rank in the top n over the window, or had an alert in it", () => {
    const q = topSeries({ expr, by: "cluster, Hostname, gpu", rank: rankOverWindow("DCGM_FI_DEV_GPU_TEMP", "cluster, Hostname, gpu"), alerts: 'cluster=~".*"', n: 5 });
    expect(q).toBe(
      '(max by (cluster, Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP)) and on (cluster, Hostname, gpu) (topk(5, max by (cluster, Hostname, gpu) (max_over_time(DCGM_FI_DEV_GPU_TEMP[$__range] @ end()))) or on (cluster, Hostname, gpu) max by (cluster, Hostname, gpu) (max_over_time(ALERTS{cluster=~".*"}[$__range] @ end())))',
    );
    const resolved = interpolateBuiltins(q, BUILTINS);
    expect(findParseFault(resolved)).toBeNull();
    // The ranking is pinned to the window's end: one set of series for every step.
    expect(names(resolved).filter((n) => n === "AtModifierPreprocessors")).toHaveLength(2);
  });

  it("ranks a derived expression by a subquery at the panel's step, lowest first when asked", () => {
    const q = topSeries({ expr: "100 * avg by (Hostname) (a) / avg by (Hostname) (b)", by: "Hostname", order: "lowest", alerts: "" });
    expect(q).toContain("bottomk(20, min_over_time((100 * avg by (Hostname) (a) / avg by (Hostname) (b))[$__range:$__interval] @ end()))");
    // The whole expression stays the left-hand side of `and`, not its last operand.
    expect(q.startsWith("(100 * avg by (Hostname) (a) / avg by (Hostname) (b)) and on (Hostname)")).toBe(true);
    expect(findParseFault(interpolateBuiltins(q, BUILTINS))).toBeNull();
  });
});
