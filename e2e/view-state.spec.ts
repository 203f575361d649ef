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
});
