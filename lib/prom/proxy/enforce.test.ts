import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { enforceScope, scopeMatcher, unquote } from "./enforce";

const ONE = { label: "team", values: ["ml-research"] };
const TWO = { label: "team", values: ["inference", "recsys"] };
const T = 'team="ml-research"';
/** A scoped answer: the rewrite, and its parse handed on to the limits. */
const scoped = (expr: string) => ({ ok: true, expr, query: { expr, tree: expect.anything() } });

/** [input, expected output] under the one-team scope. */
const CASES: [string, string][] = [
  ["up", `up{${T}}`],
  ['up{job="dcgm"}', `up{${T}, job="dcgm"}`],
  ["up{}", `up{${T}}`],
  ['{__name__=~".+"}', `{${T}, __name__=~".+"}`],
  ['{__name__="up"}', `{${T}, __name__="up"}`],
  ["rate(http_requests_total[5m])", `rate(http_requests_total{${T}}[5m])`],
  ["sum by (gpu) (rate(x[5m]))", `sum by (gpu) (rate(x{${T}}[5m]))`],
  ["a or b", `a{${T}} or b{${T}}`],
  ["a unless b", `a{${T}} unless b{${T}}`],
  ["a and on(gpu) b", `a{${T}} and on(gpu) b{${T}}`],
  ["a / ignoring(job) group_left b", `a{${T}} / ignoring(job) group_left b{${T}}`],
  ["max_over_time(x[1h:5m])", `max_over_time(x{${T}}[1h:5m])`],
  ["rate(x[5m])[30m:1m]", `rate(x{${T}}[5m])[30m:1m]`],
  ["x offset 1h", `x{${T}} offset 1h`],
  ["rate(x[5m] offset 1d)", `rate(x{${T}}[5m] offset 1d)`],
  ["x @ 1700000000", `x{${T}} @ 1700000000`],
  ["x @ end()", `x{${T}} @ end()`],
  ['x{gpu=~"0|1"}', `x{${T}, gpu=~"0|1"}`],
  ['x{gpu!="0", job!~"node"}', `x{${T}, gpu!="0", job!~"node"}`],
  ['label_replace(up, "host", "$1", "instance", "(.*):.*")', `label_replace(up{${T}}, "host", "$1", "instance", "(.*):.*")`],
  ["absent(nonexistent)", `absent(nonexistent{${T}})`],
  ['absent_over_time(x{job="a"}[5m])', `absent_over_time(x{${T}, job="a"}[5m])`],
  ['{"my.metric", "ütf.label"="v"}', `{${T}, "my.metric", "ütf.label"="v"}`],
  ["sum(sum by (a) (x)) / count(count by (b) (y))", `sum(sum by (a) (x{${T}})) / count(count by (b) (y{${T}}))`],
  ["topk(5, avg_over_time(x[1h]))", `topk(5, avg_over_time(x{${T}}[1h]))`],
  ["histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))", `histogram_quantile(0.99, sum by (le) (rate(h_bucket{${T}}[5m])))`],
  ["x > bool 5", `x{${T}} > bool 5`],
  ["-x", `-x{${T}}`],
  ["(x)", `(x{${T}})`],
  ["1 + 1", "1 + 1"],
  ["vector(1)", "vector(1)"],
  ["time() - x", `time() - x{${T}}`],
  ['x{team="ml-research"}', `x{${T}, team="ml-research"}`],
  ['x{team=~".*"}', `x{${T}, team=~".*"}`],
  ['x{team!="ml-research"}', `x{${T}, team!="ml-research"}`],
  ["predict_linear(DCGM_FI_DEV_FB_FREE[1h], 3600) < 0 and DCGM_FI_DEV_FB_USED > 0", `predict_linear(DCGM_FI_DEV_FB_FREE{${T}}[1h], 3600) < 0 and DCGM_FI_DEV_FB_USED{${T}} > 0`],
  ["sum(x)\n  /\nsum(y)", `sum(x{${T}})\n  /\nsum(y{${T}})`],
];

describe("enforceScope: the label injector", () => {
  it.each(CASES)("%s", (input, expected) => {
    const result = enforceScope(input, ONE);
    expect(result).toEqual(scoped(expected));
  });

  it("has at least 30 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it("uses a regex of escaped values for several teams", () => {
    expect(enforceScope("up", TWO)).toEqual(scoped('up{team=~"inference|recsys"}'));
    expect(scopeMatcher({ label: "team", values: ["a.b", "c+d"] })).toBe('team=~"a\\\\.b|c\\\\+d"');
  });

  it("refuses label_replace and label_join that write the team label (passing own series off as another team's)", () => {
    for (const q of ['label_replace(up, "team", "other", "", "")', 'sum(label_join(up, "team", ",", "job"))', 'label_replace(label_replace(up, "x", "", "", ""), "team", "o", "", "")']) {
      expect(enforceScope(q, ONE), q).toEqual({ ok: false, status: 403, message: "label_replace and label_join may not write the team label in a team-scoped query" });
    }
    // Reading the team label into another one, or writing other labels, is fine.
    expect(enforceScope('label_replace(up, "owner", "$1", "team", "(.*)")', ONE).ok).toBe(true);
  });

  it("quotes a label name that is not an identifier", () => {
    expect(enforceScope("up", { label: "k8s.team", values: ["a"] })).toEqual(scoped('up{"k8s.team"="a"}'));
  });

  it("refuses a selector that names another team, anywhere in the query (403, never widened)", () => {
    for (const q of ['x{team="inference"}', 'a or b{team="recsys"}', 'rate(x{team="other"}[5m])', 'sum(x{"team"="other"})']) {
      const result = enforceScope(q, ONE);
      expect(result.ok, q).toBe(false);
      if (!result.ok) {
        expect(result.status).toBe(403);
        expect(result.message).toMatch(/is outside your teams \(ml-research\)/);
      }
    }
  });

  it("accepts a named team that is one of several", () => {
    expect(enforceScope('x{team="recsys"}', TWO)).toEqual(scoped('x{team=~"inference|recsys", team="recsys"}'));
  });

  it("refuses a query that does not parse (400) and a principal without teams (403)", () => {
    expect(enforceScope("sum(x", ONE)).toMatchObject({ ok: false, status: 400 });
    expect(enforceScope("up", { label: "team", values: [] })).toMatchObject({ ok: false, status: 403 });
  });

  it("adds exactly one matcher per selector the parser sees, and changes nothing else", () => {
    for (const [input] of CASES) {
      const result = enforceScope(input, ONE);
      if (!result.ok) throw new Error(input);
      let selectors = 0;
      parser.parse(input).iterate({ enter: (n) => void (n.name === "VectorSelector" && selectors++) });
      const count = (text: string) => text.split(T).length - 1;
      expect(count(result.expr) - count(input), input).toBe(selectors);
      // Taking the injected matchers out again gives the input back (`{}` aside).
      const removed = result.expr.split(`{${T}}`).join("").split(`${T}, `).join("");
      expect(removed, input).toBe(input.replace(/\{\}/g, ""));
    }
  });
});

describe("unquote", () => {
  it("reads Prometheus' escapes: octal and hex bytes, \\u and \\U code points, the simple ones", () => {
    expect(unquote('"\\x74eam"')).toBe("team");
    expect(unquote('"\\164eam"')).toBe("team");
    expect(unquote('"\\u0074eam"')).toBe("team");
    expect(unquote('"\\U0001F600"')).toBe("😀");
    expect(unquote('"\\xc3\\xbc"')).toBe("ü");
    expect(unquote("'tab\\there'")).toBe("tab\there");
    expect(unquote('"日本"')).toBe("日本");
  });

  it("refuses what Prometheus refuses: unknown escapes, short hex, the other quote escaped", () => {
    expect(() => unquote('"\\q"')).toThrow('unknown escape sequence "\\q"');
    expect(() => unquote('"\\x7"')).toThrow("invalid escape sequence");
    expect(() => unquote('"\\\'"')).toThrow("unknown escape sequence");
  });

  it("a scoped query cannot write the scope label through an escape", () => {
    const r = enforceScope('label_replace(DCGM_FI_DEV_GPU_UTIL, "\\x74eam", "recsys", "", "")', { label: "team", values: ["inference"] });
    expect(r).toEqual({ ok: false, status: 403, message: "label_replace and label_join may not write the team label in a team-scoped query" });
    expect(enforceScope('label_replace(x, "\\q", "a", "", "")', { label: "team", values: ["inference"] })).toMatchObject({ ok: false, status: 400 });
  });

  it("reads PromQL's three string forms", () => {
    expect(unquote('"a\\"b"')).toBe('a"b');
    expect(unquote("'a\\'b'")).toBe("a'b");
    expect(unquote("`a\\b`")).toBe("a\\b");
  });
});
