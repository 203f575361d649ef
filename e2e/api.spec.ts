import { request as playwrightRequest } from "@playwright/test";
import { expect, PASSWORD, test, USERS } from "./fixtures";

test.describe("API", () => {
  test("/api/prom without a session answers 401 in Prometheus' error shape", async ({ baseURL }) => {
    const anonymous = await playwrightRequest.newContext({ baseURL });
    const response = await anonymous.get("/api/prom/default/api/v1/query_range?query=up&start=0&end=60&step=15");
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ status: "error", errorType: "unauthorized" });
    const post = await anonymous.post("/api/prom/default/api/v1/query", { form: { query: "up" } });
    expect(post.status()).toBe(401);
    await anonymous.dispose();
  });

  test("any other /api route without a session answers 401 JSON", async ({ baseURL }) => {
    const anonymous = await playwrightRequest.newContext({ baseURL });
    const response = await anonymous.get("/api/teams");
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "auth:unauthenticated", message: "Sign in to continue" } });
    await anonymous.dispose();
  });

  test("/api/health is public and reports every dependency", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.status).toBe("ok");
    for (const name of ["database", "prometheus", "alertmanager"]) {
      expect(body.checks[name]).toMatchObject({ status: "up" });
      expect(typeof body.checks[name].latencyMs).toBe("number");
    }
  });

  test("a query that does not parse answers 400 bad_data with its position", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const response = await page.request.post("/api/prom/default/api/v1/query_range", {
      form: { query: "sum(rate(DCGM_FI_DEV_GPU_UTIL[5m]) by (gpu)", start: "0", end: "60", step: "15" },
    });
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ status: "error", errorType: "bad_data" });
    expect(body.error).toMatch(/parse error at line 1, char \d+/);
  });

  test("a signed-in query returns Prometheus' JSON unchanged", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const response = await page.request.get("/api/prom/default/api/v1/query?query=count(DCGM_FI_DEV_GPU_UTIL)");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.status).toBe("success");
    const gpus = Number(body.data.result[0].value[1]);
    expect(gpus).toBeGreaterThan(0);
    expect(gpus % 8).toBe(0);
  });

  test("a long query by GET is answered, and one past the console's limit refused in Prometheus' shape (not Node's bare 431)", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    // 20 KB of URL: past Node's default 16 KB of header, within the console's 32 KB of query.
    const long = await page.request.get(`/api/prom/default/api/v1/query?query=${encodeURIComponent(`count(up{job!="${"x".repeat(20_000)}"})`)}`);
    expect(long.status()).toBe(200);
    expect(await long.json()).toMatchObject({ status: "success", data: { resultType: "vector" } });
    const tooLong = await page.request.get(`/api/prom/default/api/v1/query?query=${encodeURIComponent(`count(up{job!="${"x".repeat(40_000)}"})`)}`);
    expect(tooLong.status()).toBe(400);
    expect(await tooLong.json()).toEqual({ status: "error", errorType: "bad_data", error: 'invalid parameter "query": the query is longer than 32768 bytes' });
  });

  test("format_query is passed through (Grafana's Format query)", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const response = await page.request.post("/api/prom/default/api/v1/format_query", { form: { query: "sum(up)by(job)" } });
    expect(await response.json()).toEqual({ status: "success", data: "sum by (job) (up)" });
  });

  test("an unknown endpoint is a 404 in Prometheus' shape", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const response = await page.request.get("/api/prom/default/api/v1/admin/tsdb/delete_series");
    expect(response.status()).toBe(404);
    expect(await response.json()).toMatchObject({ status: "error", errorType: "not_found" });
  });
});
