import { expect, gpuCount, PASSWORD, test, USERS } from "./fixtures";

test("the heatmap draws every GPU of the fleet, names the one under the pointer and opens it on click", async ({ page, loginPage, srePage }) => {
  await loginPage.signInAs(USERS.sre, PASSWORD);
  const gpus = await gpuCount(page);
  expect(gpus).toBeGreaterThan(0);

  // The test stack's Prometheus is minutes old: a window it fills.
  await page.goto("/sre?from=now-3m&to=now");
  await srePage.reveal("GPU utilization heatmap");
  const note = srePage.heatmapNote();
  await expect(note.locator("[data-gpus]")).toHaveAttribute("data-gpus", String(gpus));
  await expect(note).toContainText(`${gpus} GPUs`);
  const panel = srePage.panel("GPU utilization heatmap");
  const chart = panel.getByRole("img", { name: "GPU utilization heatmap heatmap" });
  await expect(chart).not.toHaveAttribute("data-rendered", "0");

  // The plot holds coloured cells: sample the chart's canvas over its recent part.
  const painted = await chart.locator("canvas").first().evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext("2d")!;
    const { data } = ctx.getImageData(Math.floor(canvas.width * 0.7), Math.floor(canvas.height * 0.1), Math.floor(canvas.width * 0.25), Math.floor(canvas.height * 0.8));
    let opaque = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) opaque++;
    return opaque / (data.length / 4);
  });
  expect(painted).toBeGreaterThan(0.5);

  // Hover the most recent column: the tooltip names a GPU and its node.
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width - 20, box.y + 40);
  const tooltip = panel.getByRole("tooltip");
  await expect(tooltip).toContainText(/gpu-\d{3} GPU \d/);
  const gpuName = (await tooltip.locator("strong").textContent())!;
  const [, host, index] = /^(\S+) GPU (\d+)/.exec(gpuName)!;

  // Click: that GPU's page, around the clicked time.
  await page.mouse.click(box.x + box.width - 20, box.y + 40);
  await expect(page).toHaveURL(new RegExp(`/gpus/${host}(:|%3A)${index}\\?from=\\d+&to=\\d+$`));
  await expect(page.getByRole("heading", { name: `GPU — ${host} GPU ${index}`, level: 1 })).toBeVisible();
  const summary = page.getByLabel("GPU summary");
  await expect(summary).toContainText(host!);
  await expect(summary.getByText(/^GPU-[0-9a-f-]{36}$/)).toBeVisible();
});

test("dragging across the heatmap zooms the dashboard to that window", async ({ page, loginPage, srePage }) => {
  await loginPage.signInAs(USERS.sre, PASSWORD);
  await srePage.reveal("GPU utilization heatmap");
  const chart = srePage.panel("GPU utilization heatmap").getByRole("img", { name: "GPU utilization heatmap heatmap" });
  await expect(chart).not.toHaveAttribute("data-rendered", "0");
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + 60);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + 80, { steps: 5 });
  await expect(page.getByTestId("drag-selection")).toBeVisible();
  await page.mouse.up();
  await expect(page).toHaveURL(/from=\d{13}&to=\d{13}/);
  const url = new URL(page.url());
  const span = Number(url.searchParams.get("to")) - Number(url.searchParams.get("from"));
  // A fifth of the default hour, give or take the edges.
  expect(span).toBeGreaterThan(8 * 60_000);
  expect(span).toBeLessThan(16 * 60_000);
});

test("the heatmap re-sorts its rows hottest first on request", async ({ page, loginPage, srePage }) => {
  await loginPage.signInAs(USERS.sre, PASSWORD);
  await page.goto("/sre?from=now-3m&to=now");
  await srePage.reveal("GPU utilization heatmap");
  await expect(srePage.heatmapNote()).toBeVisible();
  const asked = page.waitForRequest((r) => r.url().includes("/api/heatmap/") && (r.postData() ?? "").includes("sort=mean"));
  await srePage.heatmapNote().getByLabel("Sort rows").selectOption("mean");
  const response = await (await asked).response();
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-type"]).toContain("application/vnd.gpu-fleet.heatmap");
});
