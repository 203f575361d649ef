import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type ManagedProcess } from "../../../scripts/stack/process";
import { startPrometheus } from "../../../scripts/stack/services";
import { waitForFleetData } from "../../../scripts/test/prometheus";
import { proxyPromRequest } from "./handler";
import { asCaller } from "./limits";

/**
 * Query bombs, sent through the proxy to a Prometheus of this test's own (never the
 * harness' shared one): each is refused with Prometheus' error shape naming the limit,
 * never reaches Prometheus, and Prometheus' memory stays where it was. The harness' fleet
 * has 32 GPUs, so the samples limit is set in proportion here (2 million for ~1,100
 * DCGM series; the default, 30 million, is for fleets of thousands). The settings are read
 * on first use (getEnv), after these lines.
 */
process.env.PROM_MAX_QUERY_SAMPLES = "2000000";
process.env.PROM_CALLER_CONCURRENCY = "2";
process.env.PROM_TIMEOUT_MS = "1500";

/** Prometheus' memory may grow by this much while the bombs are sent (it does not see them). */
const MEMORY_BOUND_BYTES = 200 * 1024 * 1024;

let dir = "";
let prom: ManagedProcess | null = null;
let url = "";

const ask = (endpoint: string, params: Record<string, string>, caller = "session:bomber") =>
  proxyPromRequest({ datasource: "bombs", path: [endpoint], urlParams: new URLSearchParams(), bodyParams: new URLSearchParams(params), scope: null, caller });
const now = () => Math.floor(Date.now() / 1000);
const metric = async (name: string): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith(name))
    .reduce((sum, l) => sum + Number(l.split(" ").at(-1)), 0);
};

describe("one query cannot take the store down", () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "query-bombs-"));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    prom = await startPrometheus({ name: "prometheus-bombs", port, simPort: Number(new URL(process.env.SIM_URL!).port), alertmanagerPort: 1, noAlerting: true, scrapeInterval: "1s" }, { dataDir: dir, logDir: dir });
    const file = path.join(dir, "datasources.yml");
    writeFileSync(file, YAML.stringify({ datasources: [{ id: "bombs", name: "Bombs", type: "prometheus", url, scrapeIntervalSeconds: 1 }] }));
    process.env.DATASOURCES_FILE = file;
    await waitForFleetData(url);
  }, 90_000);
  afterAll(async () => {
    if (prom) await prom.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses each bomb with 422 and Prometheus' error shape naming the limit; none reaches Prometheus, whose memory stays put", async () => {
    const rssBefore = await metric("process_resident_memory_bytes");
    const queriesBefore = await metric('prometheus_http_requests_total{code="200",handler="/api/v1/query_range"}');
    const bombs: [string, Record<string, string>, RegExp][] = [
      ["query_range", { query: "max_over_time(DCGM_FI_DEV_GPU_UTIL[1s:1ms])", start: String(now() - 86_400), end: String(now()), step: "8" }, /^subquery \[1s:1ms\] steps by 1ms, below the console's floor of 1s \(PROM_MIN_SUBQUERY_STEP_SECONDS\)$/],
      ["query", { query: "max_over_time(DCGM_FI_DEV_GPU_UTIL[30d:100ms])" }, /subquery \[30d:100ms\] steps by 100ms/],
      ["query_range", { query: '{__name__=~"DCGM.+"}', start: String(now() - 7 * 86_400), end: String(now()), step: "55" }, /^the query would load about [\d.]+ million samples, more than the console's limit of 2 million \(PROM_MAX_QUERY_SAMPLES\): \{__name__=~"DCGM\.\+"\} matches [\d,]+ series × 10,997 points each/],
      ["query", { query: 'count_over_time({__name__=~".+"}[30d])' }, /more than the console's limit of 2 million \(PROM_MAX_QUERY_SAMPLES\)/],
      ["query_range", { query: "DCGM_FI_DEV_GPU_UTIL", start: String(now() - 60), end: String(now()), step: "0.01" }, /^query_range step 10ms is below the console's floor of 1s \(PROM_MIN_STEP_SECONDS\)$/],
    ];
    for (const [endpoint, params, message] of bombs) {
      const answer = await ask(endpoint, params);
      expect(answer.status, params.query).toBe(422);
      expect(answer.body).toEqual({ status: "error", errorType: "execution", error: expect.stringMatching(message) });
    }
    // An ordinary dashboard query of the same fleet still runs.
    const ok = await ask("query_range", { query: "avg by (cluster) (rate(DCGM_FI_PROF_PIPE_TENSOR_ACTIVE[1m]))", start: String(now() - 3_600), end: String(now()), step: "15" });
    expect(ok.status).toBe(200);
    expect(await metric('prometheus_http_requests_total{code="200",handler="/api/v1/query_range"}')).toBe(queriesBefore + 1);
    const rssAfter = await metric("process_resident_memory_bytes");
    expect(rssAfter - rssBefore).toBeLessThan(MEMORY_BOUND_BYTES);
  }, 60_000);

  it("a caller has at most PROM_CALLER_CONCURRENCY upstream calls at once; the rest wait their turn, then 429", async () => {
    let running = 0;
    let most = 0;
    const slow = (ms: number) => () =>
      new Promise<number>((resolve) => {
        most = Math.max(most, ++running);
        setTimeout(() => {
          running--;
          resolve(ms);
        }, ms);
      });
    // Six calls of 300 ms, two at a time: all served (the wait is within PROM_TIMEOUT_MS), never more than two at once.
    expect(await Promise.all(Array.from({ length: 6 }, () => asCaller("session:a", slow(300))))).toHaveLength(6);
    expect(most).toBe(2);
    // Another caller is not held up by the first.
    most = 0;
    const other = asCaller("session:b", slow(10));
    const first = Array.from({ length: 3 }, () => asCaller("session:a", slow(2_000)));
    expect(await other).toBe(10);
    // The third of session a's waited 1.5 s (PROM_TIMEOUT_MS) behind two 2 s calls: refused.
    const settled = await Promise.allSettled(first);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(2);
    const refused = settled.find((s) => s.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 429, errorType: "unavailable", message: expect.stringMatching(/^too many of your queries at once: 2 run at a time \(PROM_CALLER_CONCURRENCY\)/) });
  }, 30_000);
});
