import { expect, PASSWORD, test, USERS } from "./fixtures";

test("an SRE lands on /sre and the GPU utilization chart draws real data", async ({ page, loginPage, srePage }) => {
  const proxied = page.waitForResponse((r) => r.url().includes("/api/prom/default/api/v1/query_range"));
  await loginPage.goto();
  await loginPage.signIn(USERS.sre, PASSWORD);
  await expect(page).toHaveURL(/\/sre$/);

  const response = await proxied;
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("success");
  expect(body.data.resultType).toBe("matrix");

  const panel = await srePage.reveal("GPU utilization");
  await expect(panel.getByRole("img", { name: "GPU utilization chart" })).toBeVisible();
  await expect(panel.locator('[data-state="error"]')).toHaveCount(0);
  // The legend names GPUs as "<Hostname> GPU <index>", from the simulator's labels.
  const items = srePage.legendItems("GPU utilization");
  await expect(items.first()).toContainText(/gpu-\d{3} GPU \d/);
  expect(await items.count()).toBeGreaterThanOrEqual(1);
  // A canvas was drawn with at least one series.
  await expect(panel.locator("[data-series-count]")).not.toHaveAttribute("data-series-count", "0");
});
