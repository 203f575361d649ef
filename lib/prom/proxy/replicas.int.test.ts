import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, spawnService, waitUntil, httpOk, type ManagedProcess } from "../../../scripts/stack/process";
import { ROOT, startRedis } from "../../../scripts/stack/services";

/**
 * Two console replicas behind one address: each a process of its own running the proxy
 * the server runs (scripts/test/proxy-replica.ts), on a Prometheus of this test's own
 * (so its request counter counts only them) and, when given, one Redis. Upstream calls
 * are Prometheus' own count of the query_range requests it served.
 */
const PANELS = 10;
let dir = "";
let prometheus: ManagedProcess | null = null;
let redis: ManagedProcess | null = null;
let promUrl = "";
let redisUrl = "";

/** Requests this Prometheus served on one API handler (its own counter): query_range for panels, query for series-start lookups (three each). */
async function served(handler: "query_range" | "query"): Promise<number> {
  const text = await (await fetch(`${promUrl}/metrics`)).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith("prometheus_http_requests_total{") && l.includes(`handler="/api/v1/${handler}"`))
    .reduce((n, l) => n + Number(l.split(" ").at(-1)), 0);
}
const queryRangeServed = () => served("query_range");
const queriesServed = () => served("query");

function replica(name: string, env: Record<string, string>, rounds = 1): Promise<string[]> {
  return run(["refresh", String(PANELS), String(rounds), name], env).then((out) => (out as { served: string[] }).served);
}

/** One replica process of scripts/test/proxy-replica.ts; its one JSON line. */
function run(args: string[], env: Record<string, string>): Promise<unknown> {
  const name = args.at(-1)!;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/test/proxy-replica.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "test", PROMETHEUS_URL: promUrl, DATASOURCES_FILE: path.join(dir, "none.yml"), REDIS_URL: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`${name} exited ${code}: ${out.slice(-2000)}`));
    });
  });
}

describe("two replicas, one Redis: one upstream query per panel refresh", () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "proxy-replicas-"));
    writeFileSync(path.join(dir, "none.yml"), "datasources: []\n");
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    mkdirSync(path.join(dir, "prom"), { recursive: true });
    writeFileSync(path.join(dir, "prom", "prometheus.yml"), "global:\n  scrape_interval: 15s\nscrape_configs: []\n");
    prometheus = spawnService("prometheus", "prometheus", [`--config.file=${path.join(dir, "prom", "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "prom", "data")}`, `--web.listen-address=127.0.0.1:${promPort}`], { logDir: dir });
    await waitUntil("prometheus", () => httpOk(`${promUrl}/-/ready`), 60_000);
    const redisPort = await freePort();
    redisUrl = `redis://127.0.0.1:${redisPort}`;
    redis = await startRedis(redisPort, { dataDir: dir, logDir: dir });
  }, 90_000);
  afterAll(async () => {
    await redis?.stop();
    await prometheus?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("without Redis each replica asks upstream for every panel (the baseline): twice the panels", async () => {
    const before = await queryRangeServed();
    await Promise.all([replica("a", {}), replica("b", {})]);
    expect((await queryRangeServed()) - before).toBe(2 * PANELS);
  }, 90_000);

  it("with Redis the two replicas ask once per panel between them; the one that did not ask was served the other's answer", async () => {
    const before = await queryRangeServed();
    const [a, b] = await Promise.all([replica("a", { REDIS_URL: redisUrl }), replica("b", { REDIS_URL: redisUrl })]);
    expect((await queryRangeServed()) - before).toBe(PANELS);
    const served = [...a, ...b];
    expect(served.filter((s) => s === "miss")).toHaveLength(PANELS);
    expect(served.filter((s) => s === "hit" || s === "shared")).toHaveLength(PANELS);
    // A refresh of the same window (a third replica, a reload) is a hit for every panel, asking nothing upstream.
    const again = await replica("c", { REDIS_URL: redisUrl });
    expect(again).toEqual(Array(PANELS).fill("hit"));
    expect((await queryRangeServed()) - before).toBe(PANELS);
  }, 90_000);

  it("with Redis the replicas look a series' start up once between them (three instant queries), not once each", async () => {
    // A name no other test asks: this Prometheus scrapes nothing, so the lookup runs all three narrowing steps and finds none.
    const before = await queriesServed();
    const answers = await Promise.all(["a", "b"].map(() => run(["horizons", "replica_horizon_x"], { REDIS_URL: redisUrl })));
    expect(answers).toEqual([{ starts: { replica_horizon_x: null } }, { starts: { replica_horizon_x: null } }]);
    expect((await queriesServed()) - before).toBe(3);
    // Without Redis each replica asks its own (the baseline): twice.
    const alone = await queriesServed();
    await Promise.all(["c", "d"].map(() => run(["horizons", "replica_horizon_y"], {})));
    expect((await queriesServed()) - alone).toBe(6);
  }, 90_000);

  it("with Redis down a replica still answers every panel (from upstream): the shared cache is a speed-up, never a dependency", async () => {
    const before = await queryRangeServed();
    const served = await replica("d", { REDIS_URL: "redis://127.0.0.1:1" });
    expect(served).toHaveLength(PANELS);
    expect((await queryRangeServed()) - before).toBe(PANELS);
  }, 90_000);
});
