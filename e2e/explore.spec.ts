import { expect, PASSWORD, test, USERS } from "./fixtures";

test.describe("Explore", () => {
  test("an SRE completes a metric name, runs it, reads step and timing, switches to the table, and finds it in their history", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Explore" }).click();
    await expect(page).toHaveURL(/\/explore$/);
    const editor = page.getByRole("textbox", { name: "PromQL query" });
    await editor.click();
    // Metric names come from the datasource through the proxy.
    await page.keyboard.type("DCGM_FI_DEV_GPU_TE");
    const completion = page.locator(".cm-tooltip-autocomplete");
    await completion.getByText("DCGM_FI_DEV_GPU_TEMP", { exact: true }).click();
    await expect(editor).toHaveText("DCGM_FI_DEV_GPU_TEMP");
    await page.keyboard.type(" > 0");
    await page.keyboard.press("Enter"); // runs
    await expect(page).toHaveURL(/var-expr=DCGM_FI_DEV_GPU_TEMP(\+|%20)%3E(\+|%20)0/);
    await expect(page.getByTestId("query-stats")).toHaveText(/^step \d+s · \d+ series · [\d,]+ points · \d+ ms \(server \d+ ms\)/);
    await expect(page.getByRole("img", { name: "Graph chart" })).not.toHaveAttribute("data-rendered", "0");

    await page.getByRole("tab", { name: "Table" }).click();
    const table = page.getByRole("table", { name: "Query result" });
    await expect(table.getByRole("row").nth(1)).toContainText('DCGM_FI_DEV_GPU_TEMP{');
    await expect(page).toHaveURL(/var-tab=table/);

    const history = page.getByRole("list", { name: "Query history" });
    await expect(history.getByRole("button", { name: "DCGM_FI_DEV_GPU_TEMP > 0" })).toBeVisible();
    // The history is the user's, kept on the server: it survives a new page.
    await page.goto("/explore");
    await expect(page.getByRole("list", { name: "Query history" }).getByRole("button", { name: "DCGM_FI_DEV_GPU_TEMP > 0" })).toBeVisible();
  });

  test("a wrong query says where it is wrong; the share link reproduces a query, window and tab", async ({ page, loginPage, context }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto("/explore?var-expr=sum(rate(DCGM_FI_DEV_GPU_UTIL%5B5m%5D)");
    await expect(page.getByRole("alert").filter({ hasText: "bad_data" })).toContainText(/parse error at line 1, char \d+/);

    const shared = "/explore?from=now-30m&to=now&var-expr=count(DCGM_FI_DEV_GPU_UTIL)&var-datasource=default&var-tab=table";
    await page.goto(shared);
    await page.getByRole("button", { name: "Copy share link" }).click();
    const other = await context.newPage();
    await other.goto(page.url());
    await expect(other.getByRole("textbox", { name: "PromQL query" })).toHaveText("count(DCGM_FI_DEV_GPU_UTIL)");
    await expect(other.getByRole("tab", { name: "Table" })).toHaveAttribute("aria-selected", "true");
    await expect(other.getByRole("table", { name: "Query result" }).getByRole("row").nth(1)).toContainText(/\{\}\s*\d+/);
  });

  test("a developer's Explore is scoped to their teams: completion and results", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.developer, PASSWORD, /\/developer$/);
    await page.goto("/explore?var-tab=table&var-expr=count%20by%20(team)%20(DCGM_FI_DEV_GPU_UTIL)");
    const rows = page.getByRole("table", { name: "Query result" }).locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    const teams = (await rows.locator("td:first-child").allTextContents()).map((t) => /team="([^"]+)"/.exec(t)?.[1]).sort();
    expect(teams).toEqual(["inference", "ml-research"]);
    // Label values offered while typing come through the same scope.
    const editor = page.getByRole("textbox", { name: "PromQL query" });
    await editor.click();
    await page.keyboard.press("Control+a");
    await page.keyboard.type('DCGM_FI_DEV_GPU_UTIL{team="');
    const completion = page.locator(".cm-tooltip-autocomplete");
    await expect(completion.getByText("ml-research", { exact: true })).toBeVisible();
    await expect(completion.getByText("recsys", { exact: true })).toHaveCount(0);
  });

  test("a viewer is refused Explore and its history API", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.viewer, PASSWORD, /\/overview$/);
    await page.goto("/explore");
    await expect(page).toHaveURL(/\/forbidden\?page=explore/);
    expect((await page.request.get("/api/explore/history")).status()).toBe(403);
    expect((await page.request.post("/api/explore/history", { data: { datasource: "default", expr: "up" } })).status()).toBe(403);
  });
});
