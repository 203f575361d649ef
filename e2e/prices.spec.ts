import { expect, PASSWORD, test, USERS } from "./fixtures";

test.use({ viewport: { width: 1440, height: 900 } });

test.describe("GPU prices and idle cost", () => {
  test("an admin edits a GPU-hour price; a bad one names the field and saves nothing", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.admin, PASSWORD);
    const before = (await (await page.request.get("/api/prices")).json()).prices as { modelName: string; usdPerGpuHour: number }[];
    try {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "GPU prices" }).click();
      await expect(page.getByRole("heading", { name: "GPU prices", level: 1 })).toBeVisible();
      const table = page.getByRole("table", { name: "Prices per model" });
      // Every model the fleet reports has a row.
      const models = (await (await page.request.post("/api/prom/default/api/v1/query", { form: { query: "count by (modelName) (DCGM_FI_DEV_GPU_UTIL)" } })).json()).data.result.map(
        (r: { metric: { modelName: string } }) => r.metric.modelName,
      ) as string[];
      for (const m of models) await expect(table.getByRole("textbox", { name: `Price of ${m}` })).toBeVisible();

      const first = table.getByRole("textbox", { name: `Price of ${models[0]}` });
      await first.fill("-1");
      await page.getByRole("button", { name: "Save prices" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "usdPerGpuHour" })).toHaveText(/^prices\.\d+\.usdPerGpuHour: not negative$/);
      expect((await (await page.request.get("/api/prices")).json()).prices).toEqual(expect.arrayContaining(before.map((p) => expect.objectContaining(p))));

      await first.fill("2.35");
      await page.getByRole("button", { name: "Save prices" }).click();
      await expect(page.getByRole("status")).toHaveText("Saved.");
      await page.reload();
      await expect(page.getByRole("table", { name: "Prices per model" }).getByRole("textbox", { name: `Price of ${models[0]}` })).toHaveValue("2.35");
      await expect(page.getByRole("row", { name: new RegExp(models[0]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) })).toContainText("by Ada Admin");
    } finally {
      await page.request.put("/api/prices", { data: { prices: before.map(({ modelName, usdPerGpuHour }) => ({ modelName, usdPerGpuHour })) } });
    }
  });

  test("the overview prices idle allocated GPUs by model; only admins may change prices", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.viewer, PASSWORD, /\/overview$/);
    const cost = page.locator("article.panel", { has: page.getByRole("heading", { name: "Idle allocated GPUs" }) }).getByTestId("cost-value");
    await expect(cost).toBeVisible();
    // The panel's count is the query's, and its cost is that count priced from the table.
    const idle = (await (await page.request.post("/api/prom/default/api/v1/query", { form: { query: 'count by (modelName) (avg_over_time(DCGM_FI_DEV_GPU_UTIL{pod!=""}[1h]) < 10)' } })).json()).data.result as {
      metric: { modelName: string };
      value: [number, string];
    }[];
    const prices = new Map(((await (await page.request.get("/api/prices")).json()).prices as { modelName: string; usdPerGpuHour: number }[]).map((p) => [p.modelName, p.usdPerGpuHour]));
    const gpus = idle.reduce((a, r) => a + Number(r.value[1]), 0);
    await expect(cost).toHaveAttribute("data-gpus", String(gpus));
    const perHour = idle.reduce((a, r) => a + Number(r.value[1]) * (prices.get(r.metric.modelName) ?? 0), 0);
    expect(Number(await cost.getAttribute("data-usd-per-hour"))).toBeCloseTo(perHour, 6);
    await expect(cost).toContainText(/\$[\d.,kM]+ \/ month/);
    await expect(cost.getByRole("link")).toHaveAttribute("href", /^\/capacity\?/);
    // A viewer reads prices but may not change them.
    expect((await page.request.put("/api/prices", { data: { prices: [] } })).status()).toBe(403);
  });
});
