import { execFileSync } from "node:child_process";
import { expect, PASSWORD, test, USERS } from "./fixtures";

// npm test passes the stack's URLs; by hand against `npm run demo` the defaults apply.
const SIM_URL = process.env.SIM_URL ?? "http://127.0.0.1:9400";
const ALERTMANAGER_URL = process.env.ALERTMANAGER_URL ?? "http://127.0.0.1:9093";

test.describe("alerts and silences", () => {
  test.afterEach(async ({ request }) => {
    await request.delete(`${SIM_URL}/faults`);
  });

  test("a fault fires an alert, it shows on /alerts, silenced from there it shows as suppressed, and amtool sees the silence", async ({ page, loginPage, request }) => {
    test.setTimeout(180_000);
    const sd = await (await request.get(`${SIM_URL}/sd/dcgm`)).json();
    const node = (sd[1].labels.instance as string).split(":")[0]!;
    expect((await request.post(`${SIM_URL}/faults`, { data: { name: "xid-storm", target: node, for: "10m" } })).status()).toBe(201);
    await loginPage.signInAs(USERS.sre, PASSWORD);

    // Filters live in the URL; the page refreshes itself, a reload is just quicker.
    const url = `/alerts?group=alertname&filter=${encodeURIComponent("alertname=GpuXidErrors")}&filter=${encodeURIComponent(`Hostname=${node}`)}`;
    await page.goto(url);
    const firing = page.locator('li.alert-item[data-state="firing"]');
    await expect(async () => {
      await page.reload();
      await expect(firing.first()).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 90_000 });
    await expect(page.getByRole("region", { name: "alertname GpuXidErrors" })).toBeVisible();
    const gpu = ((await firing.first().locator("button.chip", { hasText: /^gpu=/ }).textContent()) ?? "").replace("gpu=", "");
    expect(gpu).toMatch(/^\d$/);

    // "silence" opens the form with the alert's labels; the preview says what it silences now.
    await firing.first().getByRole("link", { name: "silence" }).click();
    await expect(page).toHaveURL(/\/silences\?new=1&matcher=/);
    const form = page.getByRole("form", { name: "New silence" });
    await expect(form.getByLabel("Matcher 1 label")).toHaveValue("alertname");
    await expect(form.getByLabel("Silence preview")).toHaveAttribute("data-count", "1");
    const comment = `e2e: XID storm on ${node} GPU ${gpu}`;
    await form.getByLabel("Comment").fill(comment);
    await form.getByRole("button", { name: "Create silence" }).click();
    await expect(form).toHaveCount(0);
    const item = page.locator("li.silence-item", { hasText: comment });
    await expect(item.getByTestId("sync-state")).toHaveText("in Alertmanager (1/1)");

    // Alertmanager has it, with the alert's matchers.
    const listed = JSON.parse(execFileSync("amtool", [`--alertmanager.url=${ALERTMANAGER_URL}`, "silence", "query", "-o", "json", `Hostname=${node}`, `gpu=${gpu}`], { encoding: "utf8" })) as {
      comment: string;
      matchers: { name: string; value: string }[];
    }[];
    // The copy's comment names its console silence after the user's text.
    const mine = listed.filter((s) => s.comment.startsWith(`${comment} [console silence `));
    expect(mine).toHaveLength(1);
    expect(Object.fromEntries(mine[0]!.matchers.map((m) => [m.name, m.value]))).toMatchObject({ alertname: "GpuXidErrors", Hostname: node, gpu });

    // Back on /alerts: that GPU's alert is suppressed, by a silence the console links to; the others still fire.
    await page.goto(url);
    const silenced = page.locator("li.alert-item", { has: page.getByRole("button", { name: `gpu=${gpu}`, exact: true }) });
    await expect(async () => {
      await page.reload();
      await expect(silenced).toHaveAttribute("data-state", "suppressed", { timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    await expect(silenced.getByRole("link", { name: "a silence" })).toHaveAttribute("href", /\/silences\?state=active&q=/);
    await expect(firing.first()).toBeVisible();

    // Expire it from the silences page: Alertmanager follows.
    await page.goto(`/silences?q=${encodeURIComponent(comment)}`);
    await page.locator("li.silence-item", { hasText: comment }).getByRole("button", { name: "Expire" }).click();
    await expect(page.locator("li.silence-item", { hasText: comment })).toHaveCount(0);
    const after = JSON.parse(execFileSync("amtool", [`--alertmanager.url=${ALERTMANAGER_URL}`, "silence", "query", "-o", "json", `Hostname=${node}`, `gpu=${gpu}`], { encoding: "utf8" })) as { comment: string }[];
    expect(after.filter((s) => s.comment.startsWith(comment))).toHaveLength(0);
  });
});

test("two people edit one silence: the second save is refused with what changed, and their edit is kept in the form", async ({ page, loginPage }) => {
  await loginPage.signInAs(USERS.sre, PASSWORD);
  const comment = `e2e: concurrent ${Date.now()}`;
  const created = await page.request.post("/api/silences", {
    data: { matchers: [{ name: "alertname", value: "E2eConcurrent" }, { name: "team", value: "platform" }], endsAt: Date.now() + 3_600_000, comment },
  });
  expect(created.status()).toBe(201);
  const { silence } = await created.json();
  try {
    await page.goto(`/silences?q=${encodeURIComponent(comment)}`);
    const item = page.locator("li.silence-item", { hasText: comment });
    await item.getByRole("button", { name: "Edit" }).click();
    const form = page.getByRole("form", { name: "Edit silence" });
    await form.getByLabel("Comment").fill(`${comment} (mine)`);
    // Meanwhile someone else extends it.
    expect((await page.request.post(`/api/silences/${silence.id}/extend`, { data: { version: 1, by: "1h" } })).status()).toBe(200);
    await form.getByRole("button", { name: "Save silence" }).click();
    const refused = form.getByRole("alert");
    await expect(refused).toContainText(/was changed by Sam SRE \(now version 2, you read 1\); nothing was saved/);
    await expect(refused).toContainText("changed: endsAt");
    await expect(form.getByLabel("Comment")).toHaveValue(`${comment} (mine)`);
  } finally {
    const now = (await (await page.request.get(`/api/silences/${silence.id}`)).json()).silence;
    await page.request.post(`/api/silences/${silence.id}/expire`, { data: { version: now.version } });
  }
});

test("the route tester shows where an alert goes in the running Alertmanager, and the path through the tree", async ({ page, loginPage }) => {
  await loginPage.signInAs(USERS.sre, PASSWORD);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Routing" }).click();
  await page.getByRole("link", { name: "Route tester" }).click();
  await page.getByLabel("Alert labels").fill("team=inference, severity=critical, alertname=InferenceLatencyHigh");
  await page.getByRole("button", { name: "Test" }).click();
  await expect(page).toHaveURL(/label=team%3Dinference&label=severity%3Dcritical/);
  const routes = page.getByRole("list", { name: "Matched routes" }).getByRole("listitem");
  await expect(routes).toHaveCount(1);
  await expect(routes.first()).toHaveAttribute("data-receiver", "inference-pager");
  await expect(routes.first().getByTestId("route-path")).toHaveText('route › team="inference" › severity="critical"');
  await expect(routes.first()).toContainText("wait 30s");
  await expect(routes.first()).toContainText("repeat 1h");
  await page.getByLabel("Alert labels").fill("team");
  await page.getByRole("button", { name: "Test" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "label:" })).toContainText("is not a filter");
  // Two labels without their comma: refused where the second starts, never routed on half of it.
  await page.getByLabel("Alert labels").fill("team=inference severity=critical");
  await page.getByRole("button", { name: "Test" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "label:" })).toContainText("another label starts at character 16 without a comma before it");
  await expect(page.getByRole("list", { name: "Matched routes" })).toHaveCount(0);
});
