import { readFileSync } from "node:fs";
import { expect, gpuCount, PASSWORD, test, USERS } from "./fixtures";

test.describe("panels", () => {
  test.beforeEach(async ({ loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
  });

  test("a panel whose query fails says so, with the datasource's answer, while the others draw", async ({ page, srePage }) => {
    // The test stack's "down" datasource is a port nothing listens on: a real connection refused. Capacity's
    // cardinality panels read the default Prometheus whatever the datasource variable says.
    await page.goto("/capacity?from=now-5m&to=now&var-datasource=down");
    const failing = await srePage.reveal("Free GPUs");
    const error = failing.getByRole("alert");
    await expect(error).toContainText("down");
    await expect(error).toContainText("unavailable");
    await expect(error).toContainText("unreachable");
    const neighbour = await srePage.reveal("Prometheus head series");
    await expect(neighbour.getByTestId("stat-value")).toBeVisible();
    await expect(neighbour.locator('[data-state="error"]')).toHaveCount(0);
  });

  test("inspect shows the query with variables resolved, its step, series and cache; CSV downloads the data", async ({ page, srePage }) => {
    await page.goto("/sre?from=now-5m&to=now&var-cluster=us-east");
    const panel = await srePage.reveal("GPU utilization");
    await expect(srePage.legendItems("GPU utilization").first()).toBeVisible();
    const legend = await srePage.legendItems("GPU utilization").count();

    await panel.getByLabel("Menu of GPU utilization").click();
    await panel.getByRole("menuitem", { name: "Inspect query" }).click();
    const dialog = page.getByRole("dialog", { name: "Inspect GPU utilization" });
    await expect(dialog.locator("pre")).toContainText('cluster=~"us-east"');
    await expect(dialog.getByTestId("inspect-series")).toHaveText(String(legend));
    await expect(dialog.getByTestId("inspect-step")).toHaveText(/^\d+ s$/);
    await expect(dialog.getByTestId("inspect-cache")).toHaveText(/^(hit|miss|shared)$/);
    await expect(dialog.getByTestId("inspect-duration")).toHaveText(/^\d+ ms in all, \d+ ms of it in the console and upstream$/);
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);

    await panel.getByLabel("Menu of GPU utilization").click();
    const download = page.waitForEvent("download");
    await panel.getByRole("menuitem", { name: "Download CSV" }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, "utf8").trimEnd().split("\r\n");
    expect(lines[0]!.startsWith("time,")).toBe(true);
    expect(lines[0]!.split(",")).toHaveLength(legend + 1);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test("the forecast overlay adds a dashed projection per series and reaches past the window", async ({ page, srePage }) => {
    await page.goto("/sre?from=now-5m&to=now");
    const panel = await srePage.reveal("SM clock against its maximum, per node");
    const chart = panel.locator("[data-series-count]");
    await expect(chart).not.toHaveAttribute("data-series-count", "0");
    const before = Number(await chart.getAttribute("data-series-count"));
    await panel.getByLabel("Menu of SM clock against its maximum, per node").click();
    await panel.getByRole("menuitem", { name: "Show forecast" }).click();
    await expect(chart).toHaveAttribute("data-series-count", String(before * 2));
    await panel.getByLabel("Menu of SM clock against its maximum, per node").click();
    await panel.getByRole("menuitem", { name: "Hide forecast" }).click();
    await expect(chart).toHaveAttribute("data-series-count", String(before));
  });

  test("hovering one time-series panel shows the same instant's tooltip on the others (synced crosshair)", async ({ page, srePage }) => {
    await page.goto("/sre?from=now-5m&to=now");
    const util = await srePage.reveal("GPU utilization");
    const temp = srePage.panel("GPU die temperature");
    await expect(util.locator("[data-series-count]")).not.toHaveAttribute("data-series-count", "0");
    await expect(temp.locator("[data-series-count]")).not.toHaveAttribute("data-series-count", "0");
    const box = (await util.getByRole("img", { name: "GPU utilization chart" }).boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5);
    await expect(util.locator(".chart-axis-tooltip")).toBeVisible();
    await expect(temp.locator(".chart-axis-tooltip")).toBeVisible();
    await expect(temp.locator(".chart-axis-tooltip")).toContainText("°C");
  });

  test("full screen fills the window and Escape brings the panel back", async ({ page, srePage }) => {
    const panel = await srePage.reveal("GPU utilization");
    await panel.getByLabel("Menu of GPU utilization").click();
    await panel.getByRole("menuitem", { name: "View full screen" }).click();
    await expect(panel).toHaveClass(/panel-fullscreen/);
    const box = (await panel.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.width).toBeGreaterThanOrEqual(viewport.width - 2);
    expect(box.height).toBeGreaterThanOrEqual(viewport.height - 2);
    await page.keyboard.press("Escape");
    await expect(panel).not.toHaveClass(/panel-fullscreen/);
  });

  test("stat, fleet grid and table show the fleet now; the table sorts by any column", async ({ page, srePage }) => {
    const gpus = await gpuCount(page);
    await expect(srePage.panel("GPUs reporting").getByTestId("stat-value")).toHaveAttribute("data-value", String(gpus));
    await srePage.reveal("Fleet grid: GPU temperature now");
    await expect(page.getByTestId("fleet-grid")).toHaveAttribute("data-cells", String(gpus));

    const table = await srePage.reveal("Hottest GPUs now");
    const rows = table.locator("tbody tr");
    await expect(rows).toHaveCount(Math.min(10, gpus));
    const die = table.getByRole("columnheader", { name: /Die/ });
    await expect(die).toHaveAttribute("aria-sort", "descending");
    const util = table.getByRole("columnheader", { name: /Utilization/ });
    await util.getByRole("button").click();
    await expect(util).toHaveAttribute("aria-sort", "descending");
    await util.getByRole("button").click();
    await expect(util).toHaveAttribute("aria-sort", "ascending");
    const values = await rows.evaluateAll((trs) => trs.map((tr) => Number.parseFloat(tr.querySelectorAll("td")[5]?.textContent ?? "NaN")));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    await expect(rows.first().getByRole("link", { name: "GPU" })).toHaveAttribute("href", /^\/gpus\/[a-z-]+-gpu-\d{3}:\d\?from=\d+&to=\d+$/);
  });

  test("the theme switches to light and stays light after a reload", async ({ page }) => {
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await page.getByRole("button", { name: "Switch to light theme" }).click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    await expect(page.getByRole("button", { name: "Switch to dark theme" })).toBeVisible();
  });
});
