import { beforeAll, describe, expect, it } from "vitest";
import { instantQuery, waitForFleetData } from "../../../scripts/test/prometheus";
import { proxyPromRequest } from "./handler";

/**
 * Issue 10's label-injection suite: a developer of team MINE tries, through the proxy and
 * against the real Prometheus, to read any series of another team. Every attempt must be
 * refused (4xx) or answer only MINE's series — checked by the `team` label, and where a
 * query rewrites or drops that label, by the GPUs (UUIDs) and counts Prometheus itself
 * gives for MINE at the same instant.
 */
const PROMETHEUS_URL = process.env.PROMETHEUS_URL!;
let MINE = "";
let THEIRS = "";
let AT = "";
let mineUuids = new Set<string>();
let mineHosts = new Set<string>();
let mineCount = 0;

type Sample = { metric: Record<string, string> };
type Answer = { status: number; body: unknown };

function ask(path: string, params: Record<string, string | string[]>, urlParams: Record<string, string | string[]> = {}): Promise<Answer> {
  const encode = (o: Record<string, string | string[]>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(o)) for (const x of [v].flat()) p.append(k, x);
    return p;
  };
  return proxyPromRequest({ datasource: "default", path: path.split("/"), urlParams: encode(urlParams), bodyParams: encode(params), scope: [MINE] });
}

async function direct(query: string) {
  const r = await fetch(`${PROMETHEUS_URL}/api/v1/query?${new URLSearchParams({ query, time: AT })}`);
  return ((await r.json()) as { data: { result: Sample[] } }).data.result;
}

/** What an answer may hold: nothing of another team, and nothing outside MINE's GPUs and hosts. */
function onlyMine(answer: Answer, where: string): "refused" | "mine" {
  if (answer.status >= 400 && answer.status < 500) return "refused";
  expect(answer.status, where).toBe(200);
  const data = (answer.body as { data: unknown }).data;
  const series: Record<string, string>[] = Array.isArray(data)
    ? (data as unknown[]).filter((d): d is Record<string, string> => typeof d === "object" && d !== null)
    : ((data as { result?: Sample[] }).result ?? []).map((s) => s.metric ?? {});
  for (const m of series) {
    if ("team" in m) expect(m.team, `${where}: a series of team ${m.team}`).toBe(MINE);
    if ("UUID" in m) expect(mineUuids.has(m.UUID!), `${where}: GPU ${m.UUID} is not ${MINE}'s`).toBe(true);
    if ("Hostname" in m) expect(mineHosts.has(m.Hostname!), `${where}: host ${m.Hostname} is not ${MINE}'s`).toBe(true);
  }
  if (Array.isArray(data) && data.every((d) => typeof d === "string")) {
    for (const v of data as string[]) expect(v === MINE || !(v !== MINE && /^[a-z][a-z-]+$/.test(v) && v === THEIRS), `${where}: label value ${v}`).toBe(true);
  }
  return "mine";
}

beforeAll(async () => {
  await waitForFleetData(PROMETHEUS_URL);
  const counted = await instantQuery(PROMETHEUS_URL, 'count by (team) (DCGM_FI_DEV_GPU_UTIL{team!=""})');
  // One instant for every query and its reference, one at which the fleet has data (a fresh test stack has only seconds of it).
  AT = String(counted[0]!.value[0]);
  const teams = counted.map((r) => r.metric.team!).sort();
  expect(teams.length).toBeGreaterThanOrEqual(2);
  [MINE, THEIRS] = teams as [string, string];
  const mine = await direct(`DCGM_FI_DEV_GPU_UTIL{team="${MINE}"}`);
  mineUuids = new Set(mine.map((s) => s.metric.UUID!));
  mineHosts = new Set(mine.map((s) => s.metric.Hostname!));
  mineCount = mine.length;
  expect(mineCount).toBeGreaterThan(0);
}, 60_000);

const q = (query: string) => ({ query, time: AT });

describe("a developer of one team cannot read another team's series", () => {
  // [what it tries, endpoint, body params, URL params, must it be refused?]
  const attempts: [string, string, () => Record<string, string | string[]>, (() => Record<string, string | string[]>) | null, "refused" | "either"][] = [
    ["the other team on the right of or", "query", () => q(`DCGM_FI_DEV_GPU_UTIL or DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}`), null, "refused"],
    ["the other team on the left of or", "query", () => q(`DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"} or DCGM_FI_DEV_GPU_UTIL`), null, "refused"],
    ["unless against own team", "query", () => q(`DCGM_FI_DEV_GPU_UTIL unless DCGM_FI_DEV_GPU_UTIL{team="${MINE}"}`), null, "either"],
    ["unless with the other team", "query", () => q(`DCGM_FI_DEV_GPU_UTIL unless DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}`), null, "refused"],
    ["on() group_left against a vector", "query", () => q("DCGM_FI_DEV_GPU_UTIL * on() group_left() vector(1)"), null, "either"],
    ["and on(Hostname) with another metric", "query", () => q("DCGM_FI_DEV_GPU_UTIL and on(Hostname) DCGM_FI_DEV_GPU_TEMP"), null, "either"],
    ["a subquery", "query", () => q("max_over_time(DCGM_FI_DEV_GPU_UTIL[5m:1m])"), null, "either"],
    ["a subquery of the other team", "query", () => q(`max_over_time(DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}[5m:1m])`), null, "refused"],
    ["offset", "query", () => q("DCGM_FI_DEV_GPU_UTIL offset 1m"), null, "either"],
    ["@ end()", "query", () => q("DCGM_FI_DEV_GPU_UTIL @ end()"), null, "either"],
    ["a regex matching every team", "query", () => q('DCGM_FI_DEV_GPU_UTIL{team=~".+"}'), null, "either"],
    ["a regex naming both teams", "query", () => q(`DCGM_FI_DEV_GPU_UTIL{team=~"${THEIRS}|${MINE}"}`), null, "either"],
    ["a regex with own team and a wildcard", "query", () => q(`DCGM_FI_DEV_GPU_UTIL{team=~"${MINE}|.*"}`), null, "either"],
    ["a negative matcher on own team", "query", () => q(`DCGM_FI_DEV_GPU_UTIL{team!="${MINE}"}`), null, "either"],
    ["a negative regex", "query", () => q(`DCGM_FI_DEV_GPU_UTIL{team!~"${MINE}"}`), null, "either"],
    ["team equal to empty (unowned series)", "query", () => q('DCGM_FI_DEV_GPU_UTIL{team=""}'), null, "either"],
    ["two team matchers", "query", () => q(`DCGM_FI_DEV_GPU_UTIL{team="${MINE}", team="${THEIRS}"}`), null, "refused"],
    ["every metric by __name__", "query", () => q('count by (team, __name__) ({__name__=~".+"})'), null, "either"],
    ["every metric of the other team", "query", () => q(`{__name__=~".+", team="${THEIRS}"}`), null, "refused"],
    ["label_replace renaming own series to the other team", "query", () => q(`label_replace(DCGM_FI_DEV_GPU_UTIL, "team", "${THEIRS}", "", "")`), null, "refused"],
    ["label_replace over the other team", "query", () => q(`label_replace(DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}, "x", "$1", "team", "(.*)")`), null, "refused"],
    ["label_join writing the team label", "query", () => q('label_join(DCGM_FI_DEV_GPU_UTIL, "team", "", "Hostname")'), null, "refused"],
    ["label_replace of another label", "query", () => q('label_replace(DCGM_FI_DEV_GPU_UTIL, "node", "$1", "Hostname", "(.*)")'), null, "either"],
    ["a quoted label name", "query", () => q(`DCGM_FI_DEV_GPU_UTIL{"team"="${THEIRS}"}`), null, "refused"],
    ["a quoted metric name", "query", () => q(`{"DCGM_FI_DEV_GPU_UTIL", team="${THEIRS}"}`), null, "refused"],
    ["absent() of the other team", "query", () => q(`absent(DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"})`), null, "refused"],
    ["arithmetic with the other team", "query", () => q(`count(DCGM_FI_DEV_GPU_UTIL) + count(DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"})`), null, "refused"],
    ["scalar() of the other team", "query", () => q(`vector(scalar(sum(DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"})))`), null, "refused"],
    ["topk over everything", "query", () => q("topk(10000, DCGM_FI_DEV_GPU_UTIL)"), null, "either"],
    ["a recording rule's series", "query", () => q("team:gpu_hours:1h"), null, "either"],
    ["the query in the URL and another in the body", "query", () => q("DCGM_FI_DEV_GPU_UTIL"), () => ({ query: `DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}` }), "refused"],
    ["the other team's query in the URL only", "query", () => ({ time: AT }), () => ({ query: `DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}` }), "refused"],
    ["two queries in the body", "query", () => ({ query: ["DCGM_FI_DEV_GPU_UTIL", `DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}`], time: AT }), null, "refused"],
    ["a range query of the other team", "query_range", () => ({ query: `DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}`, start: String(Number(AT) - 300), end: AT, step: "60" }), null, "refused"],
    ["a range query over every team", "query_range", () => ({ query: 'sum by (team) (DCGM_FI_DEV_GPU_UTIL{team=~".*"})', start: String(Number(AT) - 300), end: AT, step: "60" }), null, "either"],
    ["exemplars of the other team", "query_exemplars", () => ({ query: `DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}`, start: String(Number(AT) - 300), end: AT }), null, "refused"],
    ["series of the other team", "series", () => ({ "match[]": `DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}` }), null, "refused"],
    ["series of everything", "series", () => ({ "match[]": '{__name__=~"DCGM_.+"}', start: String(Number(AT) - 60), end: AT }), null, "either"],
    ["series: one own match[], one of the other team", "series", () => ({ "match[]": ["DCGM_FI_DEV_GPU_UTIL", `DCGM_FI_DEV_GPU_TEMP{team="${THEIRS}"}`] }), null, "refused"],
    ["series without match[] in the body, with it in the URL", "series", () => ({}), () => ({ "match[]": `up{team="${THEIRS}"}` }), "refused"],
    ["labels with the other team's match[]", "labels", () => ({ "match[]": `DCGM_FI_DEV_GPU_UTIL{team="${THEIRS}"}` }), null, "refused"],
    ["team label values", "label/team/values", () => ({}), null, "either"],
    ["team label values narrowed to the other team", "label/team/values", () => ({ "match[]": `{team="${THEIRS}"}` }), null, "refused"],
    ["host label values", "label/Hostname/values", () => ({ "match[]": "DCGM_FI_DEV_GPU_UTIL" }), null, "either"],
  ];

  it(`has at least 30 attempts (${attempts.length})`, () => {
    expect(attempts.length).toBeGreaterThanOrEqual(30);
  });

  it.each(attempts)("%s", async (what, path, params, url, expected) => {
    const answer = await ask(path, params(), url ? url() : {});
    const outcome = onlyMine(answer, what);
    if (expected === "refused") expect(outcome, `${what}: ${JSON.stringify(answer.body).slice(0, 200)}`).toBe("refused");
  });

  it("team label values are exactly the own team", async () => {
    expect(((await ask("label/team/values", {})).body as { data: string[] }).data).toEqual([MINE]);
  });

  it("dropping the team label does not widen the count: it is what Prometheus counts for the own team", async () => {
    for (const query of ["count(DCGM_FI_DEV_GPU_UTIL)", "count(sum without (team) (DCGM_FI_DEV_GPU_UTIL))", 'count(label_replace(DCGM_FI_DEV_GPU_UTIL, "x", "", "team", ".*"))']) {
      const answer = (await ask("query", q(query))).body as { data: { result: { value: [number, string] }[] } };
      expect(Number(answer.data.result[0]!.value[1]), query).toBe(mineCount);
    }
  });

  it("metadata lists no metric the team has no series of", async () => {
    const meta = (await ask("metadata", {})).body as { data: Record<string, unknown> };
    expect(meta.data).not.toHaveProperty("rack_coolant_flow_liters_per_minute");
  });
});
