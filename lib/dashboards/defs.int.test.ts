import { beforeAll, describe, expect, it } from "vitest";
import { proxyPromRequest } from "@/lib/prom/proxy/handler";
import { until, waitForFleetData } from "../../scripts/test/prometheus";
import { dashboardFor, DASHBOARDS } from "./index";
import { ALL, interpolate, interpolateBuiltins, resolveDatasource } from "./variables";

type Answer = Awaited<ReturnType<typeof proxyPromRequest>>;
const ask = (datasource: string, expr: string) =>
  proxyPromRequest({ datasource, path: ["query"], urlParams: new URLSearchParams(), bodyParams: new URLSearchParams({ query: expr }), scope: null });
const resultOf = (a: Answer) => (a.body as { data: { result: { metric: Record<string, string> }[] } }).data.result;

/** Every dashboard query, with every variable at All, against the real Prometheus: data, no error. */
describe("every dashboard expression returns data from the real Prometheus", () => {
  // A drill-down's node: one of the test fleet's nodes that runs a job (so "jobs on this node" has rows).
  let node = "";
  beforeAll(async () => {
    await waitForFleetData(process.env.PROMETHEUS_URL!);
    const busy = await until("a node running a job", async () => resultOf(await ask("default", "topk(1, count by (Hostname) (gpu_job_info))"))[0], 60_000);
    node = busy.metric.Hostname!;
  }, 130_000);

  // The test fleet spells its labels as released dcgm-exporters do.
  const cases = Object.keys(DASHBOARDS).map((id) => dashboardFor(id, "release")!).flatMap((def) => {
    // Every variable at All; a datasource variable at the default Prometheus; a drill-down's
    // node at a busy node of the test fleet, its GPU by slot (0), the UUID at All.
    const values = () => ({
      ...Object.fromEntries(def.fixedVariables.map((name) => [name, name === "node" ? [node] : name === "gpu" ? ["0"] : [ALL]])),
      ...Object.fromEntries(def.variables.map((v) => [v.name, v.kind === "datasource" ? ["default"] : [ALL]])),
    });
    // A table of problems (targets down, alerts firing) may rightly be empty: it must answer, not have rows.
    const mayBeEmpty = (p: (typeof def.panels)[number]) => p.kind === "table" && p.whenEmpty !== undefined;
    return [
      ...def.panels.flatMap((p) => p.queries.map((q) => [`${def.id}/${p.id}`, q.expr, p.datasource, values, mayBeEmpty(p)] as const)),
      ...def.variables.filter((v) => v.match).map((v) => [`${def.id}/$${v.name}`, v.match!, "default", values, false] as const),
    ];
  });

  // Subqueries (`[7d:1m]`) evaluate at whole minutes: on a Prometheus seconds old they may wait for the first one.
  it.each(cases)("%s", async (_, template, datasourceRef, values, mayBeEmpty) => {
    const expr = interpolate(interpolateBuiltins(template, { rangeSeconds: 3600, intervalSeconds: 60 }), values());
    const datasource = resolveDatasource(datasourceRef, values());
    const first = await ask(datasource, expr);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    if (mayBeEmpty) return;
    const answer = await until(`data for ${expr}`, async () => {
      const a = await ask(datasource, expr);
      return resultOf(a).length > 0 ? a : undefined;
    }, 75_000).catch(() => first);
    expect(resultOf(answer).length, expr).toBeGreaterThan(0);
  }, 90_000);
});
