import { everyPanelDraws, expect, PASSWORD, screenshotArtifact, test, USERS } from "./fixtures";

// npm test passes the stack's Prometheus; by hand against `npm run demo` it is :9090.
const PROMETHEUS_URL = process.env.PROMETHEUS_URL ?? "http://127.0.0.1:9090";

test.describe("the console watching itself", () => {
  test("Prometheus scrapes the console and Alertmanager; the Console dashboard draws what it scraped", async ({ page, loginPage }, testInfo) => {
    const up = async () =>
      Object.fromEntries(
        ((await (await fetch(`${PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent('up{job=~"console|alertmanager"}')}`)).json()) as { data: { result: { metric: { job: string }; value: [number, string] }[] } }).data.result.map((r) => [r.metric.job, r.value[1]]),
      );
    await expect.poll(up, { timeout: 30_000, message: "the console (with its token) and Alertmanager are scraped" }).toEqual({ console: "1", alertmanager: "1" });

    await loginPage.signInAs(USERS.sre, PASSWORD);
    // The same query twice through the proxy: a miss, then a hit; then wait until Prometheus has scraped both.
    const time = Math.floor(Date.now() / 1000) - 60;
    for (let i = 0; i < 2; i++) expect((await page.request.get(`/api/prom/default/api/v1/query?query=count(up)&time=${time}`)).status()).toBe(200);
    const scraped = async (q: string) => ((await (await fetch(`${PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as { data: { result: unknown[] } }).data.result.length;
    await expect.poll(() => scraped('sum(increase(console_prom_cache_requests_total{job="console", result="hit"}[5m])) > 0'), { timeout: 30_000 }).toBe(1);
    // Panels ask at whole steps (15 s) for rates over 5 min: the console's series must be older than a step or two.
    await expect.poll(() => scraped('time() - min_over_time(timestamp(console_prom_cache_requests_total{job="console", result="hit"})[5m:1s]) > 45'), { timeout: 60_000 }).toBe(1);
    await page.goto("/console?from=now-15m&to=now");
    await expect(page.getByRole("heading", { name: "Console — its own health" })).toBeVisible();
    await everyPanelDraws(page);
    await screenshotArtifact(page, testInfo, "console-1440x900");
    // The figures are the console's: the silence sync reaches its Alertmanager, the cache answers.
    await expect(page.locator("article.panel", { hasText: "Alertmanagers reached" }).getByTestId("stat-value")).toHaveText("1");
  });

  test("only SREs and admins open it", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.developer, PASSWORD, /\/developer$/);
    await page.goto("/console");
    await expect(page).toHaveURL(/\/forbidden/);
  });
});
