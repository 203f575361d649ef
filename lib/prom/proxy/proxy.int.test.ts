import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForFleetData } from "../../../scripts/test/prometheus";
import { MatrixSchema, successEnvelope } from "../schemas";
import { proxyPromRequest } from "./handler";
import { callUpstream } from "./upstream";

const PROMETHEUS_URL = process.env.PROMETHEUS_URL!;

function rangeParams(query: string) {
  const end = Math.floor(Date.now() / 1000);
  return new URLSearchParams({ query, start: String(end - 300), end: String(end), step: "15" });
}

/** One proxied call to the default datasource. */
function ask(endpoint: string, url: Record<string, string> | URLSearchParams, body: Record<string, string> | URLSearchParams = {}) {
  return proxyPromRequest({ datasource: "default", path: [endpoint], urlParams: new URLSearchParams(url), bodyParams: new URLSearchParams(body), scope: null });
}

describe("PromQL proxy against the real Prometheus", () => {
  beforeAll(() => waitForFleetData(PROMETHEUS_URL), 60_000);

  it("passes a range query through and returns Prometheus' matrix", async () => {
    const result = await ask("query_range", {}, rangeParams("DCGM_FI_DEV_GPU_UTIL"));
    expect(result.status).toBe(200);
    const body = successEnvelope(MatrixSchema).parse(result.body);
    expect(body.data.result).toHaveLength(32);
    expect(body.data.result[0]?.metric).toMatchObject({ __name__: "DCGM_FI_DEV_GPU_UTIL", job: "dcgm", cluster: expect.stringMatching(/^(us-east|eu-west)$/) });
  });

  it("accepts GET-style URL parameters too", async () => {
    const result = await ask("query", { query: "count(DCGM_FI_DEV_GPU_TEMP)" }, {});
    expect(result).toMatchObject({ status: 200, body: { status: "success", data: { result: [{ value: [expect.any(Number), "32"] }] } } });
  });

  it("passes Prometheus' own 400 bad_data through for a type error the grammar allows", async () => {
    const result = await ask("query_range", {}, rangeParams("rate(DCGM_FI_DEV_GPU_UTIL)"));
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ status: "error", errorType: "bad_data" });
    expect((result.body as { error: string }).error).toContain("expected type range vector");
  });

  it("refuses an unparsable query itself, with its position", async () => {
    const result = await ask("query_range", {}, rangeParams("sum(DCGM_FI_DEV_GPU_UTIL"));
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      status: "error",
      errorType: "bad_data",
      error: 'invalid parameter "query": parse error at line 1, char 25: unexpected end of input',
    });
  });

  it("refuses ambiguous, missing and unknown things with Prometheus' error shape", async () => {
    const both = await ask("query", { query: "up" }, { query: "up" });
    expect(both).toMatchObject({ status: 400, body: { errorType: "bad_data", error: expect.stringContaining("both in the URL and in the body") } });
    const missing = await ask("query_range", { query: "up" }, {});
    expect(missing).toMatchObject({ status: 400, body: { error: 'missing parameter "start"' } });
    const unknownDs = await proxyPromRequest({ datasource: "nope", path: ["query"], urlParams: new URLSearchParams({ query: "up" }), bodyParams: new URLSearchParams(), scope: null });
    expect(unknownDs).toMatchObject({ status: 404, body: { errorType: "not_found" } });
  });

  it("passes format_query through as written (Grafana's Format query): a developer's query comes back formatted, not with their team added", async () => {
    const asDeveloper = (q: string) => proxyPromRequest({ datasource: "default", path: ["format_query"], urlParams: new URLSearchParams(), bodyParams: new URLSearchParams({ query: q }), scope: ["ml-research"] });
    expect(await asDeveloper("sum(rate(DCGM_FI_DEV_GPU_UTIL[5m]))by(cluster)")).toMatchObject({ status: 200, body: { status: "success", data: "sum by (cluster) (rate(DCGM_FI_DEV_GPU_UTIL[5m]))" } });
    // Prometheus' own parse error, with its position.
    expect(await asDeveloper("sum(")).toMatchObject({ status: 400, body: { status: "error", errorType: "bad_data", error: expect.stringContaining("1:5: parse error") } });
  });

  it("answers parse_query where the server has none (Debian's Prometheus 2.42) in Prometheus' error shape, saying so", async () => {
    const r = await ask("parse_query", {}, { query: "up" });
    expect(r).toEqual(expect.objectContaining({ status: 404, body: { status: "error", errorType: "not_found", error: expect.stringMatching(/^datasource ".+" does not serve \/api\/v1\/parse_query: its server answered 404$/) } }));
  });
});

const OPTS = { method: "POST" as const, timeoutMs: 5_000, maxBytes: 64 * 1024 * 1024 };

describe("upstream failures", () => {
  let silent: Server;
  let silentPort = 0;
  let closedPort = 0;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Accepts connections and never answers: a Prometheus stuck on a heavy query.
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentPort = (silent.address() as { port: number }).port;
    // A port that was free a moment ago and that nothing listens on.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it("passes Prometheus' 204 through (exemplars of a query without selectors), and reads string escapes as Prometheus does", async () => {
    const end = Math.floor(Date.now() / 1000);
    const exemplars = await ask("query_exemplars", {}, { query: "1", start: String(end - 60), end: String(end) });
    expect(exemplars.status).toBe(204);
    // "\x74eam" is "team" to Prometheus: a scoped query may not write it through an escape (403, not a 500).
    const relabel = await proxyPromRequest({ datasource: "default", path: ["query"], urlParams: new URLSearchParams(), bodyParams: new URLSearchParams({ query: 'label_replace(DCGM_FI_DEV_GPU_UTIL, "\\x74eam", "recsys", "", "")' }), scope: ["inference"] });
    expect(relabel).toMatchObject({ status: 403, body: { status: "error", errorType: "forbidden", error: "label_replace and label_join may not write the team label in a team-scoped query" } });
    // Unscoped, Prometheus itself runs it: the escape names the team label.
    const direct = await ask("query", {}, { query: 'label_replace(vector(1), "\\x74eam", "recsys", "", "")' });
    expect(direct.body).toMatchObject({ status: "success", data: { result: [{ metric: { team: "recsys" } }] } });
  });

  it("answers 503 unavailable when the datasource is unreachable", async () => {
    const result = await callUpstream({ label: "down", url: `http://127.0.0.1:${closedPort}`, headers: {} }, "query", new URLSearchParams({ query: "up" }), OPTS);
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ status: "error", errorType: "unavailable" });
    expect((result.body as { error: string }).error).toMatch(/datasource "down" is unreachable: ECONNREFUSED/);
  });

  it("answers 503 timeout when the datasource is too slow", async () => {
    const target = { label: "slow", url: `http://127.0.0.1:${silentPort}`, headers: {} };
    const result = await callUpstream(target, "query", new URLSearchParams({ query: "up" }), { ...OPTS, timeoutMs: 300 });
    expect(result).toMatchObject({ status: 503, body: { errorType: "timeout", error: 'datasource "slow" did not answer within 300 ms' } });
  });

  it("cancels the upstream call when the client goes away", async () => {
    const target = { label: "slow", url: `http://127.0.0.1:${silentPort}`, headers: {} };
    const client = new AbortController();
    setTimeout(() => client.abort(), 100);
    const result = await callUpstream(target, "query", new URLSearchParams({ query: "up" }), { ...OPTS, signal: client.signal });
    expect(result).toMatchObject({ status: 499, body: { errorType: "canceled" } });
  });

  it("answers 422 'narrow your query' past the response size cap", async () => {
    const target = { label: "default", url: PROMETHEUS_URL, headers: {} };
    const result = await callUpstream(target, "query", new URLSearchParams({ query: "DCGM_FI_DEV_GPU_UTIL" }), { ...OPTS, maxBytes: 1024 });
    expect(result).toMatchObject({ status: 422, body: { errorType: "execution", error: expect.stringContaining("narrow your query") } });
  });

  it("a query slower than the deadline on the real Prometheus: 503 timeout at the deadline, and Prometheus abandons it as cancelled", async () => {
    // Prometheus' own view: the gauge of queries executing now, and how its query API answered.
    const metrics = async () => {
      const text = await (await fetch(`${PROMETHEUS_URL}/metrics`)).text();
      const answered = [...text.matchAll(/^prometheus_http_requests_total\{code="(\d+)",handler="\/api\/v1\/query"\} (\S+)$/gm)];
      const count = (ok: boolean) => answered.filter((m) => (m[1] === "200") === ok).reduce((n, m) => n + Number(m[2]), 0);
      return { running: Number(/^prometheus_engine_queries (\S+)$/m.exec(text)?.[1]), ok: count(true), notOk: count(false) };
    };
    // Seconds of work on the test fleet: a median over four days at a 1 s resolution.
    const heavy = new URLSearchParams({ query: "sum(quantile_over_time(0.5, DCGM_FI_DEV_GPU_UTIL[4d:1s]))" });
    const target = { label: "default", url: PROMETHEUS_URL, headers: {} };
    const deadlineMs = 1_000;
    const before = await metrics();
    const atDeadline: number[] = [];
    const probe = setTimeout(() => void metrics().then((m) => atDeadline.push(m.running)), deadlineMs - 300);
    const t0 = performance.now();
    const result = await callUpstream(target, "query", heavy, { ...OPTS, timeoutMs: deadlineMs });
    const took = performance.now() - t0;
    clearTimeout(probe);
    expect(result).toMatchObject({ status: 503, body: { errorType: "timeout", error: `datasource "default" did not answer within ${deadlineMs} ms` } });
    expect(took).toBeGreaterThanOrEqual(deadlineMs - 5);
    expect(took, "answered at the deadline, not when Prometheus finished").toBeLessThan(deadlineMs + 1_500);
    expect(atDeadline, "the query was running in Prometheus just before the deadline").toEqual([expect.any(Number)]);
    expect(atDeadline[0]).toBeGreaterThanOrEqual(1);
    // Prometheus 2.42 looks at a cancelled request's context between evaluation stages (a selector inside a
    // subquery is read in one pass), so it may go on for a while; when it stops, it must have given the
    // query up as cancelled: its API counts one more failed answer, and no successful one.
    let after = await metrics();
    for (let i = 0; i < 120 && after.running > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await metrics();
    }
    expect(after.running, "Prometheus still working on it 30 s after the deadline").toBe(0);
    expect(after.notOk - before.notOk, "Prometheus answered the abandoned query as failed (cancelled)").toBe(1);
    expect(after.ok - before.ok, "Prometheus did not run the query to a successful end").toBe(0);
  });

  it("an answer past the response cap is refused having read little more than the cap: memory stays bounded", async () => {
    const end = Math.floor(Date.now() / 1000);
    const big = new URLSearchParams({ query: '{__name__=~"DCGM_FI_DEV_.+"}', start: String(end - 4 * 86_400), end: String(end), step: "60" });
    const direct = (await (await fetch(`${PROMETHEUS_URL}/api/v1/query_range`, { method: "POST", body: big })).arrayBuffer()).byteLength;
    const cap = 256 * 1024;
    expect(direct, "the whole answer is many times the cap").toBeGreaterThan(20 * cap);
    const target = { label: "default", url: PROMETHEUS_URL, headers: {} };
    const result = await callUpstream(target, "query_range", big, { ...OPTS, maxBytes: cap });
    expect(result).toMatchObject({ status: 422, body: { errorType: "execution", error: "the answer is larger than 256 KiB; narrow your query (fewer series, a shorter range or a larger step)" } });
    expect(result.bytesReadBeforeCap).toBeGreaterThan(cap);
    expect(result.bytesReadBeforeCap, `read ${result.bytesReadBeforeCap} of ${direct} bytes`).toBeLessThan(cap + 512 * 1024);
  });

  it("answers 502 when something that is not Prometheus answers", async () => {
    const target = { label: "am", url: process.env.ALERTMANAGER_URL!, headers: {} };
    const result = await callUpstream(target, "nonexistent", new URLSearchParams(), OPTS);
    expect(result).toMatchObject({ status: 502, body: { errorType: "bad_response" } });
  });
});
