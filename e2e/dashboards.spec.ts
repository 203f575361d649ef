import { everyPanelDraws, expect, screenshotArtifact, PASSWORD, test, USERS } from "./fixtures";

test.use({ viewport: { width: 1440, height: 900 } });

test("a viewer opens Capacity from the navigation and every panel draws", async ({ page, loginPage }, testInfo) => {
  await loginPage.signInAs(USERS.viewer, PASSWORD, /\/overview$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Capacity" }).click();
  await expect(page).toHaveURL(/\/capacity/);
  await expect(page.getByRole("heading", { name: "Capacity", level: 1 })).toBeVisible();
  // The test stack is minutes old: a window it fills.
  await page.goto("/capacity?from=now-5m&to=now");
  await everyPanelDraws(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshotArtifact(page, testInfo, "capacity-1440x900");
});

test("the SRE dashboard draws every panel", async ({ page, loginPage }, testInfo) => {
  await loginPage.signInAs(USERS.sre, PASSWORD);
  await page.goto("/sre?from=now-5m&to=now");
  await everyPanelDraws(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshotArtifact(page, testInfo, "sre-1440x900");
});

test("a viewer lands on the overview: one screen at 1440×900, every number drawn and linked", async ({ page, loginPage }, testInfo) => {
  await loginPage.signInAs(USERS.viewer, PASSWORD, /\/overview$/);
  await expect(page.getByRole("heading", { name: "GPU fleet overview", level: 1 })).toBeVisible();
  await everyPanelDraws(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  // Large and calm: no scrolling at 1440 × 900.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(900);
  const gpus = page.locator("article.panel", { has: page.getByRole("heading", { name: "GPUs", exact: true }) }).getByRole("link", { name: /^\d+$/ });
  await expect(gpus).toHaveAttribute("href", /^\/capacity\?from=\d+&to=\d+$/);
  // No tile or menu sends an executive to a page they may not open (the health tiles link to SRE for SREs only).
  await expect(page.locator('article.panel a[href^="/sre"], article.panel a[href^="/gpus"], article.panel a[href^="/nodes"]')).toHaveCount(0);
  await screenshotArtifact(page, testInfo, "overview-1440x900");
  // The test stack is a fresh install: its recording rules began minutes ago, its raw GPU
  // history 4 days ago, its inference latency minutes ago. No figure is a silent partial
  // sum: the weekly GPU-hours run their raw equivalent and say they cover 4 days; the day's
  // SLO says it covers minutes; every other figure covers its window.
  const partial = page.locator("article.panel", { has: page.getByTestId("panel-partial") }).getByRole("heading", { level: 2 });
  await expect(partial).toHaveText(["Inference SLO attainment", "GPU-hours by team, last 7 days"]);
  const hours = page.locator("article.panel", { has: page.getByRole("heading", { name: "GPU-hours by team, last 7 days" }) });
  await expect(hours.getByTestId("panel-partial")).toHaveText(/^Covers only since \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(its data begins then\)$/);
  const since = Number(await hours.getByTestId("panel-partial").getAttribute("data-since"));
  expect(Math.abs(Date.now() - 4 * 86_400_000 - since)).toBeLessThan(3_600_000);
  await hours.getByLabel("Menu of GPU-hours by team, last 7 days").click();
  await hours.getByRole("menuitem", { name: "Inspect query" }).click();
  const inspect = page.getByRole("dialog", { name: "Inspect GPU-hours by team, last 7 days" });
  await expect(inspect.locator("pre")).toContainText("DCGM_FI_DEV_GPU_UTIL");
  await expect(inspect.getByTestId("inspect-coverage")).toHaveText(/^began after the window's start: its raw equivalent ran instead; the raw series begin .*: the figure covers only since then$/);
  await page.keyboard.press("Escape");
  // What a viewer may not open, the server refuses.
  await page.goto("/sre");
  await expect(page).toHaveURL(/\/forbidden\?page=sre/);
});


test("a developer lands on their dashboard, scoped to their teams, and every panel draws", async ({ page, loginPage }, testInfo) => {
  await loginPage.signInAs(USERS.developer, PASSWORD, /\/developer$/);
  await expect(page.getByRole("heading", { name: "Developer — models and training jobs", level: 1 })).toBeVisible();
  // The team variable offers the developer's teams only: the proxy scopes its label values.
  const teams = page.getByRole("listbox", { name: "Team" });
  await expect(teams.getByRole("option")).toHaveText(["All", "inference", "ml-research"]);
  await page.goto("/developer?from=now-5m&to=now");
  await everyPanelDraws(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshotArtifact(page, testInfo, "developer-1440x900");
});
