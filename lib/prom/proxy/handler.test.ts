import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it, vi } from "vitest";
import { costShape } from "./cost";
import type { Datasource } from "./datasources";
import { mergeParams, prepare } from "./handler";

describe("mergeParams", () => {
  it("merges URL and body parameters", () => {
    const merged = mergeParams(new URLSearchParams("start=1&end=2"), new URLSearchParams("query=up&step=15"));
    expect(merged).toBeInstanceOf(URLSearchParams);
    expect(Object.fromEntries(merged as URLSearchParams)).toEqual({ start: "1", end: "2", query: "up", step: "15" });
  });

  it("names a parameter given in both places (ambiguous)", () => {
    expect(mergeParams(new URLSearchParams("query=up"), new URLSearchParams("query=down"))).toBe("query");
  });
});

describe("prepare: each expression parsed once on its way through", () => {
  const ds: Datasource = { id: "default", name: "Prometheus", type: "prometheus", url: "http://127.0.0.1:1", headers: {}, scrapeIntervalSeconds: 15 };
  const rangeParams = (query: string) => new URLSearchParams({ query, start: "1750000000", end: "1750003600", step: "60" });

  it("a scoped query is parsed on arrival and its rewrite once (fail-closed); the limits price the parse they are given", () => {
    const parse = vi.spyOn(parser, "parse");
    try {
      const { params, query } = prepare({ method: "POST", expr: "query", range: true }, "query_range", rangeParams('sum by (gpu) (rate(DCGM_FI_DEV_GPU_UTIL{Hostname="n1"}[5m]))'), ["ml-research"], ds);
      expect(params.get("query")).toBe('sum by (gpu) (rate(DCGM_FI_DEV_GPU_UTIL{team="ml-research", Hostname="n1"}[5m]))');
      expect(query!.expr).toBe(params.get("query"));
      expect(parse).toHaveBeenCalledTimes(2);
      const shape = costShape(query!, { spanSeconds: 3600, stepSeconds: 60, scrapeIntervalSeconds: 15 });
      expect(shape.selectors.map((s) => s.selector)).toEqual(['DCGM_FI_DEV_GPU_UTIL{team="ml-research", Hostname="n1"}']);
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it("an unscoped query is parsed once; a bad one is refused saying where", () => {
    const parse = vi.spyOn(parser, "parse");
    try {
      expect(prepare({ method: "POST", expr: "query", range: true }, "query_range", rangeParams("up"), null, ds).query!.expr).toBe("up");
      expect(parse).toHaveBeenCalledTimes(1);
      expect(() => prepare({ method: "POST", expr: "query" }, "query", new URLSearchParams({ query: "sum(up" }), null, ds)).toThrow(/invalid parameter "query": parse error at line 1, char 7/);
    } finally {
      parse.mockRestore();
    }
  });
});

describe("prepare: a range the caller resolved", () => {
  const ds: Datasource = { id: "default", name: "Prometheus", type: "prometheus", url: "http://127.0.0.1:1", headers: {}, scrapeIntervalSeconds: 15 };
  it("goes upstream as given (the heatmap service resolved it from the panel's width), with no start, end or step to parse", () => {
    const { params } = prepare({ method: "POST", expr: "query", range: true, required: ["query", "start", "end"] }, "query_range", new URLSearchParams({ query: "up" }), null, ds, { start: 1750000020, end: 1750003620, step: 60 });
    expect(Object.fromEntries(params)).toEqual({ query: "up", start: "1750000020", end: "1750003620", step: "60" });
  });
  it("is not taken by an endpoint without a range", () => {
    expect(() => prepare({ method: "POST", expr: "query", required: ["query", "start", "end"] }, "query_exemplars", new URLSearchParams({ query: "up" }), null, ds, { start: 1, end: 2, step: 1 })).toThrow('missing parameter "start"');
  });
});
