import { beforeAll, describe, expect, it } from "vitest";
import { proxyPromRequest } from "@/lib/prom/proxy/handler";
import { until, waitForFleetData } from "../../scripts/test/prometheus";
import { dashboardFor, DASHBOARDS } from "./index";
import { ALL, interpolate, resolveDatasource } from "./variables";

/** Every dashboard query, with every variable at All, against the real Prometheus: data, no error. */
describe("every dashboard expression returns data from the real Prometheus", () => {
  beforeAll(() => waitForFleetData(process.env.PROMETHEUS_URL!), 60_000);

  // The test fleet spells its labels as released dcgm-exporters do.
  const cases = Object.keys(DASHBOARDS).map((id) => dashboardFor(id, "release")!).flatMap((def) => {
    // Every variable at All; a datasource variable at the default Prometheus.
    const all = Object.fromEntries(def.variables.map((v) => [v.name, v.kind === "datasource" ? ["default"] : [ALL]]));
    return [
      ...def.panels.flatMap((p) => p.queries.map((q) => [`${def.id}/${p.id}`, interpolate(q.expr, all), resolveDatasource(p.datasource, all)] as const)),
      ...def.variables.filter((v) => v.match).map((v) => [`${def.id}/$${v.name}`, interpolate(v.match!, all), "default"] as const),
    ];
  });

  // Subqueries (`[7d:1m]`) evaluate at whole minutes: on a Prometheus seconds old they may wait for the first one.
  it.each(cases)("%s", async (_, expr, datasource) => {
    const ask = () => proxyPromRequest({ datasource, path: ["query"], urlParams: new URLSearchParams(), bodyParams: new URLSearchParams({ query: expr }), scope: null });
    const first = await ask();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const answer = await until(`data for ${expr}`, async () => {
      const a = await ask();
      return (a.body as { data: { result: unknown[] } }).data.result.length > 0 ? a : undefined;
    }, 75_000).catch(() => first);
    expect((answer.body as { data: { result: unknown[] } }).data.result.length, expr).toBeGreaterThan(0);
  }, 90_000);
});
