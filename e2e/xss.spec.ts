import type { Locator, Page } from "@playwright/test";
import { apiAs, expect, PASSWORD, test, USERS } from "./fixtures";

/**
 * Issue 10: XSS payloads in every free-text field the console renders — user and team
 * names, a team's label value, token names, annotations, silence comments and matchers,
 * an alert's labels, summary and runbook_url (anyone who can reach Alertmanager's API
 * writes those), PromQL series labels in Explore's legend, table, tooltip and history,
 * and the audit log that repeats them all. (Runbooks have their own in runbooks.spec.ts.)
 * Each must show as the literal text and leave nothing executable in the DOM; no dialog
 * may open. The CSP would stop most of these anyway; these tests prove the rendering
 * alone is safe.
 */
const run = Date.now().toString(36);
const P = `<img src=x onerror=alert(1)><script>alert(2)</script><svg onload=alert(3)>`;
const ACTIVE = "script, iframe, object, embed, img[onerror], svg[onload], [onerror], [onload], [onmouseover], [onfocus]";

async function expectInert(scope: Locator, text: string) {
  await expect(scope).toContainText(text);
  expect(await scope.locator(ACTIVE).count()).toBe(0);
  const targets = await scope.locator("a[href], img[src], iframe[src]").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? e.getAttribute("src") ?? ""));
  for (const t of targets) expect(t.replace(/\s/g, "").toLowerCase()).not.toMatch(/^(javascript|data|vbscript):/);
}

function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

test.describe("XSS payloads render as text", () => {
  test("user, team, label value and token names; the audit log that repeats them", async ({ page, loginPage, baseURL }) => {
    const admin = await apiAs("admin", baseURL!);
    const slug = `xss-${run}`;
    const email = `xss-${run}@example.com`;
    expect((await admin.post("/api/admin/teams", { data: { slug, name: `Team ${P}`, labelValue: `lv<img src=x onerror=alert(4)>` } })).status()).toBe(201);
    expect((await admin.post("/api/admin/users", { data: { email, name: `User ${P}`, role: "sre", teams: [{ team: slug, lead: true }], password: "a long enough password" } })).status()).toBe(201);
    await admin.dispose();

    const dialogs = watchDialogs(page);
    // The user's own name in the top bar, and their token's name.
    await loginPage.signInAs(email, "a long enough password");
    await expectInert(page.getByRole("banner"), `User ${P}`);
    expect((await page.request.post("/api/tokens", { data: { name: `Token ${P}`, role: "viewer", teams: [], expiresInDays: 1 } })).status()).toBe(201);
    await page.goto("/settings/tokens");
    await expectInert(page.getByRole("main"), `Token ${P}`);

    await page.context().clearCookies();
    await loginPage.signInAs(USERS.admin, PASSWORD);
    await page.goto("/admin/teams");
    const team = page.getByRole("row", { name: slug });
    await expect(team.getByLabel(`Name of ${slug}`)).toHaveValue(`Team ${P}`);
    await expect(team.getByLabel(`Label value of ${slug}`)).toHaveValue("lv<img src=x onerror=alert(4)>");
    expect(await team.locator(ACTIVE).count()).toBe(0);
    await page.goto("/admin/users");
    await expectInert(page.getByRole("row", { name: email }), `User ${P}`);
    await page.goto("/settings/tokens");
    await expectInert(page.getByRole("main"), `Token ${P}`);
    // The audit log shows before/after as JSON text.
    await page.goto(`/admin/audit?targetType=team&targetId=${slug}`);
    const events = page.getByRole("table", { name: "Audit events" });
    await events.locator("summary").first().click();
    await expectInert(events, `Team ${P}`);
    expect(dialogs).toEqual([]);
  });

  test("annotation text, silence comments and matchers", async ({ page, loginPage }) => {
    const dialogs = watchDialogs(page);
    await loginPage.signInAs(USERS.admin, PASSWORD);
    const now = Date.now();
    expect((await page.request.post("/api/annotations", { data: { startsAt: now - 60_000, text: `Note ${P}`, tags: ["e2e"] } })).status()).toBe(201);
    await page.goto("/sre?from=now-10m&to=now");
    const notes = page.getByRole("list", { name: "Annotations in this range" });
    await expectInert(notes, `Note ${P}`);

    const comment = `Why ${run} ${P}`;
    const created = await page.request.post("/api/silences", {
      data: { matchers: [{ name: "alertname", value: `E2eXss${run}` }, { name: "pod", value: "<img src=x onerror=alert(6)>" }], endsAt: now + 3_600_000, comment },
    });
    expect(created.status()).toBe(201);
    const { silence } = await created.json();
    try {
      await page.goto(`/silences?q=${encodeURIComponent(`E2eXss${run}`)}`);
      const item = page.locator("li.silence-item", { hasText: `E2eXss${run}` });
      await expectInert(item, comment);
      await expectInert(item, "<img src=x onerror=alert(6)>");
      await item.getByRole("button", { name: "Edit" }).click();
      await expect(page.getByRole("textbox", { name: "Comment" })).toHaveValue(comment);
    } finally {
      await page.request.post(`/api/silences/${silence.id}/expire`);
    }
    expect(dialogs).toEqual([]);
  });

  test("an alert's labels, summary and runbook_url pushed straight to Alertmanager", async ({ page, loginPage, request }) => {
    const dialogs = watchDialogs(page);
    const alertname = `E2eXss${run}`;
    const alert = {
      labels: { alertname, severity: "warning", team: "platform", pod: "<svg onload=alert(8)>" },
      annotations: { summary: `Summary ${P}`, description: `Description ${P}`, runbook_url: "javascript:alert(9)" },
      startsAt: new Date().toISOString(),
    };
    const push = (endsInMs: number) => request.post(`${process.env.ALERTMANAGER_URL}/api/v2/alerts`, { data: [{ ...alert, endsAt: new Date(Date.now() + endsInMs).toISOString() }] });
    const pushed = await push(10 * 60_000);
    expect(pushed.ok()).toBe(true);
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto(`/alerts?filter=${encodeURIComponent(`alertname=${alertname}`)}`);
    const item = page.locator(`li.alert-item[data-alertname="${alertname}"]`);
    await expectInert(item, `Summary ${P}`);
    await expectInert(item, "pod=<svg onload=alert(8)>");
    // A script URL is not a link: the console's own runbook lookup takes its place.
    await expect(item.getByRole("link", { name: "runbook" })).toHaveAttribute("href", /^\/runbooks\/for\?alertname=/);
    expect(dialogs).toEqual([]);
    await push(0); // resolved: other specs count firing alerts
  });

  test("series labels in Explore: legend, table, chart tooltip and query history", async ({ page, loginPage }) => {
    const dialogs = watchDialogs(page);
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const expr = `label_replace(vector(1), "who", "<img src=x onerror=alert(10)>", "", "")`;
    await page.goto(`/explore?var-expr=${encodeURIComponent(expr)}`);
    await page.getByRole("button", { name: "Run query" }).click(); // run by hand: into the history
    const chart = page.getByRole("img", { name: "Graph chart" });
    await expect(chart).not.toHaveAttribute("data-rendered", "0");
    await expectInert(page.getByRole("main"), '{who="<img src=x onerror=alert(10)>"}');
    // ECharts builds its tooltip as HTML: hover the line and read it.
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
    const tooltip = page.locator(".chart-axis-tooltip");
    await expect(tooltip).toBeVisible();
    await expectInert(tooltip, "<img src=x onerror=alert(10)>");
    await page.getByRole("tab", { name: "Table" }).click();
    await expectInert(page.getByRole("table", { name: "Query result" }), "<img src=x onerror=alert(10)>");
    await expectInert(page.getByRole("list", { name: "Query history" }), expr);
    expect(dialogs).toEqual([]);
  });
});
