import { beforeAll, describe, expect, it } from "vitest";
import { LABEL_SPELLINGS, type LabelSpelling } from "@/lib/metrics/labels";
import { proxyPromRequest } from "@/lib/prom/proxy/handler";
import { until, waitForFleetData } from "../../scripts/test/prometheus";
import { dashboardFor, DASHBOARDS } from "./index";
import { ALL, interpolate, interpolateBuiltins, resolveDatasource } from "./variables";

type Answer = Awaited<ReturnType<typeof proxyPromRequest>>;
const ask = (datasource: string, expr: string) =>
  proxyPromRequest({ datasource, path: ["query"], urlParams: new URLSearchParams(), bodyParams: new URLSearchParams({ query: expr }), scope: null });
const resultOf = (a: Answer) => (a.body as { data: { result: { metric: Record<string, string> }[] } }).data.result;

/**
 * The fleets to run on: the test stack's Prometheus (labels as released dcgm-exporters spell
 * them), and one Prometheus per other spelling that the harness starts (SPELLING_STACKS:
 * the same simulator asked for `hostname`, `uuid`, `pod_name`…, the shipped rules respelled).
 * A dashboard written once, spelled for its fleet by lib/metrics/labels.ts, must answer on each.
 */
const FLEETS: { spelling: LabelSpelling; datasource: string | null; url: string }[] = [
  { spelling: "release", datasource: null, url: process.env.PROMETHEUS_URL! },
  ...(JSON.parse(process.env.SPELLING_STACKS ?? "[]") as { spelling: LabelSpelling; datasource: string; url: string }[]),
];

describe.each(FLEETS)("every dashboard expression returns data from the real Prometheus, labels spelled $spelling", ({ spelling, datasource: fleetDatasource, url }) => {
  const host = LABEL_SPELLINGS[spelling].host;
  // On a respelled fleet every panel asks that fleet's Prometheus, whatever datasource it names.
  const datasourceFor = (resolved: string) => fleetDatasource ?? resolved;
  // A drill-down's node: one of the test fleet's nodes that runs a job (so "jobs on this node" has rows).
  let node = "";
  beforeAll(async () => {
    await waitForFleetData(url);
    const busy = await until("a node running a job", async () => resultOf(await ask(datasourceFor("default"), `topk(1, count by (${host}) (gpu_job_info))`))[0], 60_000);
    node = busy.metric[host]!;
  }, 130_000);

  // The Console dashboard reads the console's own metrics, which no console serves in this stage: e2e/console-health.spec.ts draws it.
  const cases = Object.keys(DASHBOARDS).filter((id) => id !== "console").map((id) => dashboardFor(id, spelling)!).flatMap((def) => {
    // Every variable at All; a datasource variable at the default Prometheus; a drill-down's
    // node at a busy node of the test fleet, its GPU by slot (0), the UUID at All.
    const values = () => ({
      ...Object.fromEntries(def.fixedVariables.map((name) => [name, name === "node" ? [node] : name === "gpu" ? ["0"] : [ALL]])),
      ...Object.fromEntries(def.variables.map((v) => [v.name, v.kind === "datasource" ? ["default"] : [ALL]])),
    });
    // A table of problems (targets down, alerts firing) may rightly be empty: it must answer, not have rows.
    const mayBeEmpty = (p: (typeof def.panels)[number]) => p.kind === "table" && p.whenEmpty !== undefined;
    return [
      ...def.panels.flatMap((p) =>
        p.queries.flatMap((q) => [
          [`${def.id}/${p.id}`, q.expr, p.datasource, values, mayBeEmpty(p)] as const,
          // The raw equivalent, run where a recording rule is younger than the window, answers too.
          ...(q.raw ? [[`${def.id}/${p.id} (raw)`, q.raw, p.datasource, values, mayBeEmpty(p)] as const] : []),
        ]),
      ),
      ...def.variables.filter((v) => v.match).map((v) => [`${def.id}/$${v.name}`, v.match!, "default", values, false] as const),
    ];
  });

  // Subqueries (`[7d:1m]`) evaluate at whole minutes: on a Prometheus seconds old they may wait for the first one.
  it.each(cases)("%s", async (_, template, datasourceRef, values, mayBeEmpty) => {
    const expr = interpolate(interpolateBuiltins(template, { rangeSeconds: 3600, intervalSeconds: 60 }), values());
    const datasource = datasourceFor(resolveDatasource(datasourceRef, values()));
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

describe.each(FLEETS.slice(1))("the fleet spelled $spelling really is", ({ spelling, datasource }) => {
  it("no GPU series carries a released-only label name", async () => {
    const spelled = LABEL_SPELLINGS[spelling];
    const released = LABEL_SPELLINGS.release;
    const renamed = (Object.keys(spelled) as (keyof typeof spelled)[]).filter((k) => spelled[k] !== released[k]);
    expect(renamed.length).toBeGreaterThan(0);
    for (const k of renamed) {
      expect(resultOf(await ask(datasource!, `count(DCGM_FI_DEV_GPU_UTIL{${released[k]}!=""})`)), released[k]).toEqual([]);
      expect(resultOf(await ask(datasource!, `count(DCGM_FI_DEV_GPU_UTIL{${spelled[k]}!=""})`)).length, spelled[k]).toBe(1);
    }
  });
});

it("the harness started a Prometheus for each other spelling (SPELLING_STACKS)", () => {
  expect(FLEETS.map((f) => f.spelling)).toEqual(["release", "main", "old-namespace"]);
});
