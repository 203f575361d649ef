import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { findParseFault } from "@/lib/prom/proxy/validate";
import { recordedReads } from "@/lib/prom/recorded";
import { LABEL_SPELLINGS, SPELLING_NAMES } from "@/lib/metrics/labels";
import { dashboardFor, DASHBOARDS } from "./index";
import { CAPACITY_DASHBOARD } from "./defs/capacity";
import { CONSOLE_DASHBOARD } from "./defs/console";
import { DEVELOPER_DASHBOARD } from "./defs/developer";
import { GPU_DASHBOARD } from "./defs/gpu";
import { NODE_DASHBOARD } from "./defs/node";
import { OVERVIEW_DASHBOARD } from "./defs/overview";
import { SRE_DASHBOARD } from "./defs/sre";
import { DashboardDefSchema } from "./types";
import { interpolateBuiltins } from "./variables";

/** `$__range` and `$__interval` as a one-hour panel at a minute's step has them. */
const BUILTINS = { rangeSeconds: 3600, intervalSeconds: 60 };

describe("dashboard definitions", () => {
  const defs = [SRE_DASHBOARD, CAPACITY_DASHBOARD, OVERVIEW_DASHBOARD, DEVELOPER_DASHBOARD, GPU_DASHBOARD, NODE_DASHBOARD, CONSOLE_DASHBOARD];

  it.each(defs.map((d) => [d.id, d] as const))("%s parses with DashboardDefSchema", (_, def) => {
    expect(() => DashboardDefSchema.parse(def)).not.toThrow();
  });

  it.each(SPELLING_NAMES)("every panel expression is valid PromQL in the %s label spelling, with no canonical reference left", (spelling) => {
    const defs = Object.keys(DASHBOARDS).map((id) => dashboardFor(id, spelling)!);
    const exprs = defs.flatMap((d) => [
      ...d.panels.flatMap((p) => [...p.queries.flatMap((q) => [q.expr, ...(q.raw ? [q.raw] : [])]), ...(p.kind === "heatmap" && p.detail ? [p.detail.expr] : [])]),
      ...d.variables.flatMap((v) => (v.match ? [v.match] : [])),
    ]);
    expect(exprs.length).toBeGreaterThan(0);
    for (const template of exprs) {
      const expr = interpolateBuiltins(template, BUILTINS);
      expect(findParseFault(expr), expr).toBeNull();
      expect(parser.parse(expr).topNode.name).toBe("PromQL");
    }
    const text = JSON.stringify(defs);
    expect(text).not.toMatch(/\$__(host|uuid|pod|namespace|container)\b/);
    const host = LABEL_SPELLINGS[spelling].host;
    expect(text).toContain(`${host}=~\\"$node\\"`);
    if (host !== "Hostname") expect(text).not.toContain("Hostname");
  });

  it("every def is in the registry, and every $variable a query uses is declared (offered or fixed by the URL)", () => {
    expect(Object.keys(DASHBOARDS).sort()).toEqual(defs.map((d) => d.id).sort());
    for (const def of Object.values(DASHBOARDS)) {
      const declared = new Set([...def.variables.map((v) => v.name), ...def.fixedVariables]);
      const exprs = [...def.panels.flatMap((p) => p.queries.map((q) => q.expr)), ...def.variables.flatMap((v) => (v.match ? [v.match] : []))];
      for (const expr of exprs) {
        // `$1` in label_replace and `${__field…}` link syntax are not variables.
        for (const [, name] of expr.matchAll(/\$\{?([a-zA-Z_]\w*)\}?/g)) {
          if (name!.startsWith("__")) continue;
          expect(declared.has(name!), `${def.id}: $${name} in ${expr}`).toBe(true);
        }
      }
    }
  });

  it("every query that reads a shipped recording rule declares its raw equivalent, which reads none (a fresh install's window is computed from the raw series)", () => {
    const rules = new Set(
      (YAML.parse(readFileSync(path.join(process.cwd(), "deploy/prometheus/rules/recording.yml"), "utf8")) as { groups: { rules: { record?: string }[] }[] }).groups.flatMap((g) =>
        g.rules.flatMap((r) => (r.record ? [r.record] : [])),
      ),
    );
    // Rules whose look-back is the inventory's own (7 days of hourly maxima): no raw series says what a node is expected to have.
    const noRaw = new Set(["node:gpus_expected:max7d"]);
    // Configuration, not an aggregate: the latency objective, read pinned at the window's end (`@ end()`).
    const config = new Set(["ml:inference_latency_p99:objective"]);
    const reading: string[] = [];
    for (const def of Object.values(DASHBOARDS)) {
      for (const p of def.panels) {
        for (const q of p.queries) {
          const expr = interpolateBuiltins(q.expr, BUILTINS);
          const read = recordedReads(expr).filter((r) => rules.has(r.name) && !noRaw.has(r.name) && !config.has(r.name));
          if (read.length === 0) continue;
          reading.push(`${def.id}/${p.id}`);
          expect(q.raw, `${def.id}/${p.id}: ${q.expr} reads ${read.map((r) => r.name).join(", ")}`).toBeDefined();
          expect(recordedReads(interpolateBuiltins(q.raw!, BUILTINS)).filter((r) => rules.has(r.name) && !(config.has(r.name) && r.lookbackSeconds === 0)), `${def.id}/${p.id} raw`).toEqual([]);
        }
      }
    }
    // The headline figures the issue named are among them.
    expect(reading).toEqual(expect.arrayContaining(["overview/gpu-hours-by-team", "overview/slo-attainment", "capacity/team-usage", "capacity/demand-forecast"]));
  });

  it("the overview's figures read recording rules, not every GPU's raw series (a fresh install reads the raw ones, from `raw`)", () => {
    const rawGpuSeries = (e: string) => [...e.matchAll(/\bDCGM_[A-Z_]+\b/g)].map((m) => m[0]);
    for (const p of OVERVIEW_DASHBOARD.panels) {
      for (const q of p.queries as readonly { expr: string; raw?: string }[]) {
        expect(rawGpuSeries(q.expr), `overview/${p.id}: ${q.expr}`).toEqual([]);
        if (q.raw) expect(rawGpuSeries(q.raw).length + recordedReads(interpolateBuiltins(q.raw, BUILTINS)).length, `overview/${p.id} raw`).toBeGreaterThan(0);
      }
    }
  });

  it("the SRE dashboard's per-node rankings read per-node rules: at 8,192 GPUs each raw one was a 30 s pass over every GPU or disk at every step", () => {
    // The panels the 2026-12-07 bench profile named (docs/performance.md); the raw reads stay as `raw`.
    const ranked = ["sm-clock", "storage-latency", "storage-queue", "nvlink-traffic", "infiniband-traffic", "power"];
    const panels = SRE_DASHBOARD.panels.filter((p) => ranked.includes(p.id));
    expect(panels.map((p) => p.id).sort()).toEqual([...ranked].sort());
    for (const p of panels) {
      for (const q of p.queries as readonly { expr: string; raw?: string }[]) {
        expect(q.expr, `sre/${p.id}`).not.toMatch(/\bDCGM_[A-Z_]+\b|_total\b/);
        expect(q.raw, `sre/${p.id} raw`).toMatch(/\bDCGM_[A-Z_]+\b|_total\b/);
      }
    }
  });

  it("a table's counts of events (increase of a counter) are whole numbers: increase() extrapolates, so they are rounded", () => {
    const counts: string[] = [];
    for (const def of Object.values(DASHBOARDS)) {
      for (const p of def.panels) {
        if (p.kind !== "table") continue;
        // The value's own expression: before a filter (`… and on (…) (…)`) that may count too.
        const value = (e: string) => e.split(" and on ")[0]!;
        for (const q of p.queries.filter((x) => value(x.expr).includes("increase(") && x.unit === "none" && !x.expr.includes(") / "))) {
          counts.push(`${def.id}/${p.id}/${q.header}`);
          expect(value(q.expr), `${def.id}/${p.id}: ${q.header}`).toMatch(/round\(/);
        }
      }
    }
    expect(counts).toEqual(expect.arrayContaining(["sre/inventory-failing-gpus/XIDs, 24 h", "sre/fabric-errors/NVLink CRC", "node/infiniband-errors/Symbol errors, 1 h"]));
  });

  it("every quantile a panel draws from a histogram names that histogram, so its top bucket reads '≥' (the recorded latency quantiles too)", () => {
    let named = 0;
    for (const def of Object.values(DASHBOARDS)) {
      for (const p of def.panels.filter((x) => x.kind === "timeseries")) {
        for (const q of p.queries) {
          const quantile = q.expr.includes("histogram_quantile(") || /:inference_latency_p\d+:/.test(q.expr);
          if (!quantile) continue;
          expect(q.histogram, `${def.id}/${p.id}: ${q.expr}`).toBeDefined();
          expect(`${q.expr} ${q.raw ?? ""}`, `${def.id}/${p.id}`).toContain(`${q.histogram}_bucket`);
          named++;
        }
      }
    }
    expect(named).toBeGreaterThan(4);
  });

  it("panel ids are unique within a dashboard", () => {
    for (const def of Object.values(DASHBOARDS)) {
      const ids = def.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("the schema rejects a panel without queries", () => {
    const bad = { ...SRE_DASHBOARD, panels: [{ ...SRE_DASHBOARD.panels[0], queries: [] }] };
    expect(DashboardDefSchema.safeParse(bad).success).toBe(false);
  });
});
