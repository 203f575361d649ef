import { expect, PASSWORD, test, USERS } from "./fixtures";

test.use({ viewport: { width: 1440, height: 500 } });

test("panels below the fold are not queried until they are scrolled into view", async ({ page, loginPage, srePage }) => {
  const asked: string[] = [];
  const heatmaps: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/v1/query_range")) asked.push(decodeURIComponent((r.postData() ?? "").replace(/\+/g, " ")));
    if (r.url().includes("/api/heatmap/")) heatmaps.push(r.url());
  });
  await loginPage.signInAs(USERS.sre, PASSWORD);
  // At 500 px only the first row (two stats and a gauge) is in view.
  await expect(srePage.panel("GPUs reporting").getByTestId("stat-value")).toBeVisible();
  await page.waitForTimeout(1_000);
  expect(heatmaps).toHaveLength(0);
  expect(asked.some((q) => q.includes("DCGM_FI_DEV_SM_CLOCK"))).toBe(false);

  await srePage.reveal("GPU utilization heatmap");
  await expect(srePage.heatmapNote()).toBeVisible();
  expect(heatmaps.length).toBeGreaterThan(0);

  await srePage.panel("GPU utilization").scrollIntoViewIfNeeded();
  await expect(srePage.legendItems("GPU utilization").first()).toBeVisible();
  expect(asked.some((q) => q.includes("DCGM_FI_DEV_GPU_UTIL"))).toBe(true);
  expect(asked.some((q) => q.includes("DCGM_FI_DEV_SM_CLOCK"))).toBe(false);

  await srePage.panel("SM clock against its maximum, per node").scrollIntoViewIfNeeded();
  await expect.poll(() => asked.some((q) => q.includes("DCGM_FI_DEV_SM_CLOCK"))).toBe(true);
  await expect(srePage.legendItems("SM clock against its maximum, per node").first()).toBeVisible();
});
