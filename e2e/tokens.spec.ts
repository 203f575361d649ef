import { execFileSync } from "node:child_process";
import { request as playwrightRequest } from "@playwright/test";
import { createToken, expect, test } from "./fixtures";

// npm test passes the stack's URLs; by hand against `npm run demo` the defaults apply.
const PROMETHEUS_URL = process.env.PROMETHEUS_URL ?? "http://127.0.0.1:9090";

test.describe("API tokens", () => {
  test("a bearer token queries the proxy; a wrong one gets 401 in Prometheus' shape", async ({ baseURL }) => {
    const token = createToken(["--name", "e2e-sre", "--role", "sre"]);
    expect(token).toMatch(/^gfc_[A-Za-z0-9_-]{43}$/);
    const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const ok = await api.get("/api/prom/default/api/v1/query?query=count(DCGM_FI_DEV_GPU_UTIL)");
    expect(ok.status()).toBe(200);
    expect(Number((await ok.json()).data.result[0].value[1]) % 8).toBe(0);
    const list = await api.get("/api/datasources");
    const body = await list.json();
    expect(body.datasources[0]).toEqual({ id: "default", name: "Prometheus", type: "prometheus", scrapeIntervalSeconds: 15, kind: "single" });
    expect(JSON.stringify(body)).not.toContain("http://");
    const metrics = await api.get("/api/metrics");
    expect(metrics.status()).toBe(200);
    expect(await metrics.text()).toMatch(/console_prom_requests_total\{datasource="default",endpoint="query",code="200"\} \d+/);
    await api.dispose();

    const wrong = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: "Bearer gfc_not-a-token" } });
    const denied = await wrong.get("/api/prom/default/api/v1/query?query=up");
    expect(denied.status()).toBe(401);
    expect(await denied.json()).toMatchObject({ status: "error", errorType: "unauthorized" });
    expect((await wrong.get("/api/metrics")).status()).toBe(401);
    await wrong.dispose();
  });

  test("a developer token sees only its team's series, and is refused another team's", async ({ baseURL }) => {
    const token = createToken(["--name", "e2e-dev", "--role", "developer", "--team", "inference"]);
    const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const mine = await (await api.get("/api/prom/default/api/v1/query?query=count by (team) (DCGM_FI_DEV_GPU_UTIL)")).json();
    expect(mine.data.result.map((r: { metric: { team: string } }) => r.metric.team)).toEqual(["inference"]);
    const theirs = await api.get(`/api/prom/default/api/v1/query?query=${encodeURIComponent('DCGM_FI_DEV_GPU_UTIL{team="recsys"}')}`);
    expect(theirs.status()).toBe(403);
    expect((await api.get("/api/metrics")).status()).toBe(403);
    await api.dispose();
  });

  test("promtool, as a Prometheus client with the token, gets what Prometheus itself answers", async ({ baseURL }) => {
    const token = createToken(["--name", "e2e-promtool", "--role", "sre"]);
    // promtool 2.42 (Debian's) has no --http.config.file: the token goes as basic-auth password.
    const server = `${baseURL!.replace("://", `://token:${token}@`)}/api/prom/default`;
    const query = "count by (cluster, modelName) (DCGM_FI_DEV_GPU_UTIL)";
    const strip = (out: string) => out.replace(/@\[[\d.]+\]/g, "").split("\n").filter(Boolean).sort();
    const viaConsole = execFileSync("promtool", ["query", "instant", server, query], { encoding: "utf8" });
    const direct = execFileSync("promtool", ["query", "instant", PROMETHEUS_URL, query], { encoding: "utf8" });
    expect(strip(viaConsole)).toEqual(strip(direct));
    expect(strip(viaConsole).length).toBeGreaterThan(0);

    const end = Math.floor(Date.now() / 1000) - 86400;
    const range = ["query", "range", "--start", String(end - 3600), "--end", String(end), "--step", "300s"];
    const rangeConsole = execFileSync("promtool", [...range, server, "sum(DCGM_FI_DEV_POWER_USAGE)"], { encoding: "utf8" });
    const rangeDirect = execFileSync("promtool", [...range, PROMETHEUS_URL, "sum(DCGM_FI_DEV_POWER_USAGE)"], { encoding: "utf8" });
    expect(rangeConsole).toEqual(rangeDirect);
    expect(rangeConsole).toContain("=>");
    // Without the token, promtool is refused.
    expect(() => execFileSync("promtool", ["query", "instant", `${baseURL}/api/prom/default`, "up"], { stdio: "pipe" })).toThrow(/401|unauthorized|Unauthorized/);
  });
});
