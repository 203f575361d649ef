import { describe, expect, it } from "vitest";
import { newestAnswerOfSameQuery, promKeys, sameQueryOtherWindow } from "./keys";

const EXPR = 'avg(DCGM_FI_DEV_GPU_UTIL{cluster=~"us-east"})';

describe("sameQueryOtherWindow", () => {
  it("holds for the same expression over a moved window, instant or range", () => {
    expect(sameQueryOtherWindow(promKeys.instant({ datasource: "default", expr: EXPR, time: 1_764_690_000 }), promKeys.instant({ datasource: "default", expr: EXPR, time: 1_764_690_015 }))).toBe(true);
    const range = { datasource: "default", expr: EXPR, start: 1_764_686_400, end: 1_764_690_000, stepSeconds: 15 };
    expect(sameQueryOtherWindow(promKeys.range(range), promKeys.range({ ...range, start: range.start + 60, end: range.end + 60, stepSeconds: 30 }))).toBe(true);
  });

  it("fails for another expression, datasource or endpoint, and for keys that are not panel queries", () => {
    const a = promKeys.instant({ datasource: "default", expr: EXPR, time: 1_764_690_000 });
    expect(sameQueryOtherWindow(a, promKeys.instant({ datasource: "default", expr: EXPR.replace("us-east", "eu-west"), time: 1_764_690_000 }))).toBe(false);
    expect(sameQueryOtherWindow(a, promKeys.instant({ datasource: "victoria", expr: EXPR, time: 1_764_690_000 }))).toBe(false);
    expect(sameQueryOtherWindow(a, promKeys.range({ datasource: "default", expr: EXPR, start: 1_764_686_400, end: 1_764_690_000, stepSeconds: 15 }))).toBe(false);
    const values = promKeys.labelValues({ datasource: "default", label: "cluster" });
    expect(sameQueryOtherWindow(values, values)).toBe(false);
  });
});

describe("newestAnswerOfSameQuery", () => {
  const next = promKeys.instant({ datasource: "default", expr: EXPR, time: 1_764_690_030 });
  const at = (time: number, dataUpdatedAt: number, data: string | undefined, expr = EXPR) => ({ queryKey: promKeys.instant({ datasource: "default", expr, time }), state: { data, dataUpdatedAt } });

  it("is the newest answer to the same query, whichever window it was for", () => {
    expect(newestAnswerOfSameQuery(next, [at(1_764_690_000, 1_000, "older"), at(1_764_690_015, 2_000, "newer"), at(1_764_689_000, 1_500, "scrolled back")])).toBe("newer");
  });

  it("is nothing when only other queries, or queries without an answer, are cached", () => {
    expect(newestAnswerOfSameQuery(next, [at(1_764_690_015, 2_000, "another expression", "up"), at(1_764_690_015, 0, undefined)])).toBeUndefined();
    expect(newestAnswerOfSameQuery(next, [])).toBeUndefined();
  });
});
