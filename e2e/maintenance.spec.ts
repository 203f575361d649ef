import { expect, PASSWORD, test, USERS } from "./fixtures";
import { LoginPage } from "./pages/login-page";

// npm test passes the stack's Alertmanager; by hand against `npm run demo` it is :9093.
const ALERTMANAGER_URL = process.env.ALERTMANAGER_URL ?? "http://127.0.0.1:9093";

test.describe("maintenance windows", () => {
  const tag = `E2eMaintenance${Date.now()}`;

  test.afterAll(async ({ browser }, testInfo) => {
    // The occurrence in progress keeps its silence when the window is deleted: expire it so nothing of this spec silences on.
    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    const page = await context.newPage();
    await new LoginPage(page).signInAs(USERS.sre, PASSWORD);
    const { silences } = await (await page.request.get(`/api/silences?state=active&q=${tag}`)).json();
    for (const s of silences as { id: string; version: number }[]) await page.request.post(`/api/silences/${s.id}/expire`, { data: { version: s.version } });
    await context.close();
  });

  test("an SRE makes an hourly window in the form: its silences are in Alertmanager ahead of time, it shows on the alerts page and as a band on the charts; edit and delete", async ({ page, loginPage, request }) => {
    test.setTimeout(120_000);
    // Hourly at half an hour from now: one occurrence is on now, and none begins while the test runs.
    const minute = (new Date().getUTCMinutes() + 30) % 60;
    const cron = `${minute} * * * *`;
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto("/maintenance");
    await page.getByRole("button", { name: "New window" }).click();
    const form = page.getByRole("form", { name: "New maintenance window" });
    await form.getByLabel("Name").fill(`e2e ${tag}`);
    await form.getByLabel("Matcher 1 label").fill("alertname");
    await form.getByLabel("Matcher 1 value").fill(tag);
    await form.getByRole("radio", { name: "Cron" }).check();
    await form.getByLabel("Cron expression").fill(cron);
    await form.getByLabel("Minutes").fill("60");
    await form.getByLabel("Time zone").fill("UTC");
    await form.getByLabel("Comment").fill("e2e: hourly reboot drill");
    await form.getByRole("button", { name: "Create window" }).click();
    await expect(form).toHaveCount(0);

    const item = page.locator("li.maintenance-item", { hasText: `e2e ${tag}` });
    await expect(item).toContainText(`cron "${cron}" for 1 h (UTC)`);
    await expect(item.getByTestId("window-covers")).toHaveText("Suppresses no alert firing or pending now");
    // The occurrence on now has its silence active; the ones ahead (a day of them) are pending.
    const occurrences = item.getByTestId("occurrence");
    await expect(occurrences.first()).toHaveAttribute("data-silence-state", "active");
    await expect(occurrences.nth(1)).toHaveAttribute("data-silence-state", "pending");

    // Alertmanager holds them: one active, the rest pending, each with the window's name in its comment.
    const inAm = (await (await request.get(`${ALERTMANAGER_URL}/api/v2/silences`)).json()) as { status: { state: string }; matchers: { value: string }[]; comment: string }[];
    const ours = inAm.filter((s) => s.matchers.some((m) => m.value === tag) && s.status.state !== "expired");
    expect(ours.filter((s) => s.status.state === "active")).toHaveLength(1);
    expect(ours.filter((s) => s.status.state === "pending").length).toBeGreaterThanOrEqual(23);
    // Each names its console silence after the window's text (so no replica imports or duplicates it).
    expect(ours.every((s) => s.comment.startsWith(`Maintenance window "e2e ${tag}": e2e: hourly reboot drill [console silence `))).toBe(true);

    // On the alerts page, among what is coming; on a dashboard, as a band named in the annotations list.
    await page.goto("/alerts");
    await expect(page.getByRole("complementary", { name: "Upcoming maintenance" }).getByTestId("upcoming-window").filter({ hasText: `e2e ${tag}` }).first()).toContainText("on now");
    await page.goto("/sre?from=now-1h&to=now");
    await expect(page.getByRole("list", { name: "Annotations in this range" }).getByRole("listitem").filter({ hasText: `Maintenance: e2e ${tag}` })).toBeVisible({ timeout: 20_000 });

    // Edit: 45 minutes from now on. The occurrence in progress keeps its hour; those ahead are remade.
    await page.goto("/maintenance");
    await item.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("form", { name: "Edit maintenance window" });
    await edit.getByLabel("Minutes").fill("45");
    await edit.getByRole("button", { name: "Save window" }).click();
    await expect(item).toContainText(`cron "${cron}" for 45 min (UTC)`);
    const active = (await (await page.request.get(`/api/silences?state=active&q=${tag}`)).json()).silences as { startsAt: number; endsAt: number }[];
    expect(active).toHaveLength(1);
    // It still ends an hour after the occurrence began, as made before the edit (its start is when it was made: the occurrence had begun).
    expect(new Date(active[0]!.endsAt).getUTCMinutes()).toBe(minute);
    const pending = (await (await page.request.get(`/api/silences?state=pending&q=${tag}`)).json()).silences as { startsAt: number; endsAt: number }[];
    expect(pending.length).toBeGreaterThanOrEqual(23);
    expect(pending.every((s) => s.endsAt - s.startsAt === 45 * 60_000 && new Date(s.endsAt).getUTCMinutes() === (minute + 45) % 60)).toBe(true);

    await item.getByRole("button", { name: `Delete e2e ${tag}` }).click();
    await expect(item).toHaveCount(0);
    expect((await (await page.request.get(`/api/silences?state=pending&q=${tag}`)).json()).silences).toEqual([]);
  });

  test("a bad schedule is refused naming the field, by the API and in the form", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const bad = await page.request.post("/api/maintenance", {
      data: { name: "bad", matchers: [{ name: "alertname", value: "X" }], schedule: { kind: "weekly", days: ["sat"], at: "2am", durationMinutes: 60, timeZone: "UTC" }, comment: "x" },
    });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.message).toContain("schedule.at: a time of day, HH:MM");
    await page.goto("/maintenance");
    await page.getByRole("button", { name: "New window" }).click();
    const form = page.getByRole("form", { name: "New maintenance window" });
    await form.getByLabel("Name").fill("bad cron");
    await form.getByLabel("Matcher 1 label").fill("alertname");
    await form.getByLabel("Matcher 1 value").fill("X");
    await form.getByRole("radio", { name: "Cron" }).check();
    await form.getByLabel("Cron expression").fill("0 2 * *");
    await form.getByLabel("Comment").fill("x");
    await form.getByRole("button", { name: "Create window" }).click();
    await expect(form.getByRole("alert")).toContainText("schedule.cron: five fields");
  });
});
