import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { findParseFault } from "@/lib/prom/proxy/validate";
import { DASHBOARDS } from "./index";
import { SRE_DASHBOARD } from "./defs/sre";
import { DashboardDefSchema } from "./types";

describe("dashboard definitions", () => {
  const defs = [SRE_DASHBOARD];

  it.each(defs.map((d) => [d.id, d] as const))("%s parses with DashboardDefSchema", (_, def) => {
    expect(() => DashboardDefSchema.parse(def)).not.toThrow();
  });

  it("every panel expression is valid PromQL", () => {
    const exprs = Object.values(DASHBOARDS).flatMap((d) => d.panels.flatMap((p) => p.queries.map((q) => q.expr)));
    expect(exprs.length).toBeGreaterThan(0);
    for (const expr of exprs) {
      expect(findParseFault(expr), expr).toBeNull();
      expect(parser.parse(expr).topNode.name).toBe("PromQL");
    }
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
