import { beforeAll, describe, expect, it } from "vitest";
import { instantQuery, until } from "../../../scripts/test/prometheus";
import { proxyPromRequest } from "./handler";

const VM_URL = process.env.VM_URL!;
const HA_A_URL = process.env.HA_A_URL!;
const HA_B_URL = process.env.HA_B_URL!;

function ask(datasource: string, endpoint: string, params: Record<string, string>) {
  return proxyPromRequest({ datasource, path: endpoint.split("/"), urlParams: new URLSearchParams(), bodyParams: new URLSearchParams(params), scope: null });
}

const gpus = async (url: string) => Number((await instantQuery(url, "count(DCGM_FI_DEV_GPU_UTIL)"))[0]?.value[1] ?? 0);

type Body = { status: string; warnings?: string[]; data: { resultType: string; result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] } };

describe("VictoriaMetrics through the proxy", () => {
  beforeAll(() => until("VictoriaMetrics to have every GPU", async () => ((await gpus(VM_URL)) === 32 ? true : undefined)), 70_000);

  it("answers range and instant queries exactly as VictoriaMetrics does directly", async () => {
    const end = Math.floor(Date.now() / 1000) - 5;
    for (const [endpoint, params] of [
      ["query_range", { query: "avg by (cluster) (DCGM_FI_DEV_GPU_UTIL)", start: String(end - 20), end: String(end), step: "5" }],
      ["query", { query: "count by (modelName) (DCGM_FI_DEV_FB_USED)", time: String(end) }],
      ["series", { "match[]": 'DCGM_FI_DEV_GPU_TEMP{gpu="0"}', start: String(end - 20), end: String(end) }],
      ["label/cluster/values", {}],
    ] as const) {
      const viaProxy = await ask("vm", endpoint, params);
      const direct = await (await fetch(`${VM_URL}/api/v1/${endpoint}?${new URLSearchParams(params)}`)).json();
      expect(viaProxy.status, endpoint).toBe(200);
      expect(viaProxy.body, endpoint).toEqual(direct);
      expect((viaProxy.body as { data: unknown[] | { result: unknown[] } }).data, endpoint).not.toEqual([]);
    }
  });
});

describe("a tiered datasource: the last minute from Prometheus, what is older from VictoriaMetrics", () => {
  beforeAll(() => until("VictoriaMetrics to hold 90 s of every GPU", async () => ((await gpus(VM_URL)) === 32 && Number((await instantQuery(VM_URL, "count(DCGM_FI_DEV_GPU_UTIL offset 90s)"))[0]?.value[1] ?? 0) === 32 ? true : undefined), 150_000), 160_000);

  it("a range across the boundary: each step from the store that holds it, joined on one grid, and the answer says both answered", async () => {
    const end = Math.floor(Date.now() / 1000) - 5;
    const params = { query: 'DCGM_FI_DEV_GPU_TEMP{gpu="0"}', start: String(end - 100), end: String(end), step: "5" };
    const before = Date.now() / 1000;
    const answer = await ask("tiered", "query_range", params);
    const after = Date.now() / 1000;
    expect(answer.status).toBe(200);
    expect(answer.stores).toEqual([
      { tier: "long-term", name: "VictoriaMetrics" },
      { tier: "recent", name: "Prometheus" },
    ]);
    const [vm, prom] = await Promise.all([VM_URL, process.env.PROMETHEUS_URL!].map(async (url) => (await (await fetch(`${url}/api/v1/query_range?${new URLSearchParams(params)}`)).json()) as Body));
    const byHost = (b: Body) => new Map(b.data.result.map((s) => [s.metric.Hostname, new Map(s.values!.map(([t, v]) => [t, v]))]));
    const [got, fromVm, fromProm] = [byHost(answer.body as Body), byHost(vm!), byHost(prom!)];
    expect([...got.keys()].sort()).toEqual([...fromProm.keys()].sort());
    let longTerm = 0;
    let recent = 0;
    // The boundary (now − 60 s) moved while the request ran: the steps clear of it are each from one store, exactly as that store answers them.
    const old = (t: number) => t < before - 60 - 5;
    const fresh = (t: number) => t > after - 60 + 5;
    for (const [host, points] of got) {
      const steps = [...points.entries()];
      for (const [t] of steps) expect((t - (end - 100)) % 5, `${host}: ${t} is on the grid`).toBe(0);
      expect(steps.filter(([t]) => old(t)), host!).toEqual([...fromVm.get(host)!.entries()].filter(([t]) => old(t)));
      expect(steps.filter(([t]) => fresh(t)), host!).toEqual([...fromProm.get(host)!.entries()].filter(([t]) => fresh(t)));
      longTerm += steps.filter(([t]) => old(t)).length;
      recent += steps.filter(([t]) => fresh(t)).length;
    }
    expect(longTerm).toBeGreaterThan(0);
    expect(recent).toBeGreaterThan(0);
  });

  it("an instant query from the store holding its time; a window within the last minute from Prometheus alone", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await ask("tiered", "query", { query: "count(DCGM_FI_DEV_GPU_UTIL)", time: String(now - 90) })).stores).toEqual([{ tier: "long-term", name: "VictoriaMetrics" }]);
    expect((await ask("tiered", "query", { query: "count(DCGM_FI_DEV_GPU_UTIL)" })).stores).toEqual([{ tier: "recent", name: "Prometheus" }]);
    const recent = await ask("tiered", "query_range", { query: "count(DCGM_FI_DEV_GPU_UTIL)", start: String(now - 30), end: String(now), step: "5" });
    expect(recent.stores).toEqual([{ tier: "recent", name: "Prometheus" }]);
  });
});

describe("an HA pair of real Prometheus servers, one killed mid-test", () => {
  beforeAll(async () => {
    await until("both replicas to have every GPU", async () => ((await gpus(HA_A_URL)) === 32 && (await gpus(HA_B_URL)) === 32 ? true : undefined));
  }, 70_000);

  it("merges the replicas: no replica label, one series per GPU, no warnings", async () => {
    // Another test's dead-node fault leaves a target's series stale until its next scrape.
    await until("both replicas to see every GPU again", async () => ((await gpus(HA_A_URL)) === 32 && (await gpus(HA_B_URL)) === 32 ? true : undefined), 20_000);
    const direct = await instantQuery(HA_A_URL, 'DCGM_FI_DEV_GPU_UTIL{gpu="0"}');
    expect(direct.every((s) => s.metric.replica === "a")).toBe(true);
    const r = await ask("ha", "query", { query: 'DCGM_FI_DEV_GPU_UTIL{gpu="0"}' });
    const body = r.body as Body;
    expect(r.status).toBe(200);
    expect(body.warnings).toBeUndefined();
    expect(body.data.result).toHaveLength(4);
    for (const s of body.data.result) expect(s.metric).not.toHaveProperty("replica");
    // The replicas may have started seconds ago, or just seen a target come back from another
    // test's dead-node fault (its series stale for a scrape): a range up to now has all 32 soon.
    const range = await until("every GPU in the merged range", async () => {
      const end = Math.floor(Date.now() / 1000);
      const b = (await ask("ha", "query_range", { query: "count(DCGM_FI_DEV_GPU_UTIL)", start: String(end - 30), end: String(end), step: "1" })).body as Body;
      return b.data.result[0]?.values?.at(-1)?.[1] === "32" ? b : undefined;
    }, 20_000);
    expect(range.data.result, JSON.stringify(range)).toHaveLength(1);
  });

  it("fans out over members, labelling each answer with its member", async () => {
    const r = (await ask("sites", "query", { query: "count(DCGM_FI_DEV_GPU_UTIL)" })).body as Body;
    expect(r.data.result.map((s) => [s.metric.site, s.value?.[1]]).sort()).toEqual([["a", "32"], ["b", "32"]]);
  });

  it("keeps answering with a warning when a replica dies", async () => {
    process.kill(Number(process.env.HA_B_PID), "SIGKILL");
    await until("replica b to be gone", async () => ((await fetch(`${HA_B_URL}/-/ready`).then((x) => x.ok).catch(() => false)) ? undefined : true));
    const r = await ask("ha", "query", { query: "count(DCGM_FI_DEV_GPU_UTIL)" });
    const body = r.body as Body;
    expect(r.status).toBe(200);
    expect(body.data.result[0]?.value?.[1]).toBe("32");
    expect(body.warnings?.join(" ")).toMatch(/replica ha\/replica-2 failed: datasource "ha\/replica-2" is unreachable/);
    // (a query not asked before: the earlier answer may still be in the cache)
    const sites = (await ask("sites", "query", { query: "count(DCGM_FI_DEV_GPU_TEMP)" })).body as Body;
    expect(sites.data.result.map((s) => s.metric.site)).toEqual(["a"]);
    expect(sites.warnings?.join(" ")).toMatch(/member sites\/b failed/);
  });
});
