import { expect, PASSWORD, test, USERS } from "./fixtures";

test.describe("the dashboard's view lives in the URL", () => {
  test("range and auto-refresh follow the URL, survive a reload, and back/forward works", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const range = page.getByRole("combobox", { name: "Time range" });
    const refresh = page.getByRole("combobox", { name: "Auto-refresh" });

    await range.selectOption("now-6h");
    await expect(page).toHaveURL(/\/sre\?from=now-6h&to=now$/);
    await refresh.selectOption("30s");
    await expect(page).toHaveURL(/\/sre\?from=now-6h&to=now&refresh=30s$/);

    await page.reload();
    await expect(range).toHaveValue("now-6h");
    await expect(refresh).toHaveValue("30s");

    await page.goBack();
    await expect(page).toHaveURL(/\/sre\?from=now-6h&to=now$/);
    await expect(refresh).toHaveValue("off");
  });

  test("stepping back moves to an absolute window of the same length, and the panel asks for it", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto("/sre?from=now-1h&to=now");
    const asked = page.waitForRequest((r) => r.url().includes("/api/prom/default/api/v1/query_range") && r.postData()?.includes("max+by") === true && Number(new URLSearchParams(r.postData() ?? "").get("end")) < Date.now() / 1000 - 3000);
    await page.getByRole("button", { name: "Earlier" }).click();
    await expect(page).toHaveURL(/from=\d{13}&to=\d{13}/);
    const url = new URL(page.url());
    const span = Number(url.searchParams.get("to")) - Number(url.searchParams.get("from"));
    expect(Math.abs(span - 3_600_000)).toBeLessThan(5_000);
    await asked;
  });

  test("the absolute picker reads dates in the chosen zone, names the field it cannot read, and lands in the URL", async ({ page, loginPage, srePage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.getByRole("combobox", { name: "Time zone" }).selectOption("utc");
    await expect(page).toHaveURL(/timezone=utc/);

    await page.getByRole("button", { name: "Absolute…" }).click();
    const form = page.getByRole("form", { name: "Absolute time range" });
    await form.getByLabel("From").fill("2026-02-30 10:00");
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(form.getByRole("alert")).toContainText("From:");
    await expect(form.getByLabel("From")).toHaveAttribute("aria-invalid", "true");

    const to = Math.floor(Date.now() / 60_000) * 60_000;
    const from = to - 10 * 60_000;
    const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
    await form.getByLabel("From").fill(utc(from));
    await form.getByLabel("To").fill(utc(to));
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`from=${from}&to=${to}&timezone=utc`));
    await expect(page.getByRole("combobox", { name: "Time range" })).toContainText(`${utc(from)} – ${utc(to)}`);
    await srePage.reveal("GPU utilization");
    await expect(srePage.legendItems("GPU utilization").first()).toBeVisible();

    await page.reload();
    await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveValue("utc");
  });

  test("a moved window keeps drawn panels drawn while its answer loads: they say they are refreshing, never fall back to a skeleton", async ({ page, loginPage, srePage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto("/sre?from=now-1h&to=now");
    const panels = { "GPU utilization": "range", "GPUs throttling now, by reason": "instant" } as const;
    for (const title of Object.keys(panels)) {
      const panel = await srePage.reveal(title);
      await expect(panel.getByRole("img", { name: `${title} chart` })).toBeVisible();
      await expect(panel.locator(".panel-content")).toHaveAttribute("aria-busy", "false");
    }
    // From now on, noted by panel title: each time a panel says it is busy, each skeleton that appears, each chart taken away.
    await page.evaluate(() => {
      const log = { busy: [] as string[], skeletons: [] as string[], chartsRemoved: [] as string[] };
      (window as unknown as { refreshLog: typeof log }).refreshLog = log;
      const title = (el: Element) => el.closest("article.panel")?.querySelector("h2")?.textContent ?? "?";
      const within = (n: Node, selector: string) => (n instanceof Element ? [n, ...n.querySelectorAll(selector)].filter((e) => e.matches(selector)) : []);
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === "attributes" && r.target instanceof Element && r.target.getAttribute("aria-busy") === "true") log.busy.push(title(r.target));
          for (const n of r.addedNodes) for (const e of within(n, "[data-state=loading]")) log.skeletons.push(title(e));
          for (const n of r.removedNodes) for (const _ of within(n, "[role=img]")) log.chartsRemoved.push(title(r.target as Element));
        }
      }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["aria-busy"] });
    });
    const refreshLog = () => page.evaluate(() => (window as unknown as { refreshLog: { busy: string[]; skeletons: string[]; chartsRemoved: string[] } }).refreshLog);
    // The real answers, each held back a moment, so the wait is long enough to see.
    await page.route("**/api/prom/default/**", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });

    await page.getByRole("button", { name: "Earlier" }).click();
    await expect(page).toHaveURL(/from=\d{13}&to=\d{13}/);
    await expect.poll(async () => new Set((await refreshLog()).busy.filter((t) => t in panels)).size, { message: "both panels said they were refreshing" }).toBe(2);
    for (const title of Object.keys(panels)) {
      await expect(srePage.panel(title).locator(".panel-content"), `${title} has the moved window's answer`).toHaveAttribute("aria-busy", "false", { timeout: 20_000 });
      await expect(srePage.panel(title).getByRole("img", { name: `${title} chart` })).toBeVisible();
    }
    const log = await refreshLog();
    expect(log.skeletons.filter((t) => t in panels), "skeletons").toEqual([]);
    expect(log.chartsRemoved.filter((t) => t in panels), "charts taken away").toEqual([]);
  });
});
