import type { APIRequestContext, Page } from "@playwright/test";
import { expect, PASSWORD, test, USERS } from "./fixtures";

// npm test passes the simulator's URL; by hand against `npm run demo` it is :9400.
const SIM_URL = process.env.SIM_URL ?? "http://127.0.0.1:9400";
const RUN = `e2e${Date.now().toString(36)}`;

async function nodeOf(request: APIRequestContext, index: number): Promise<string> {
  const sd = await (await request.get(`${SIM_URL}/sd/dcgm`)).json();
  return (sd[index].labels.instance as string).split(":")[0]!;
}

/** A runbook through the API as the signed-in user (the page's own session). */
async function createRunbook(page: Page, runbook: Record<string, unknown>, message = "e2e") {
  const answer = await page.request.post("/api/runbooks", { data: { runbook, message } });
  expect(answer.status(), await answer.text()).toBe(201);
  return (await answer.json()).runbook;
}

test.describe("runbooks", () => {
  test.afterEach(async ({ request }) => {
    await request.delete(`${SIM_URL}/faults`);
  });

  test("a simulator fault fires an alert; from /alerts one click opens its runbook with the live context", async ({ page, loginPage, request }) => {
    test.setTimeout(180_000);
    const node = await nodeOf(request, 3);
    expect((await request.post(`${SIM_URL}/faults`, { data: { name: "xid-storm", target: node, for: "10m" } })).status()).toBe(201);
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto(`/alerts?group=alertname&filter=${encodeURIComponent("alertname=GpuXidErrors")}&filter=${encodeURIComponent(`Hostname=${node}`)}`);
    const firing = page.locator('li.alert-item[data-state="firing"]');
    await expect(async () => {
      await page.reload();
      await expect(firing.first()).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 90_000 });
    const gpu = ((await firing.first().locator("button.chip", { hasText: /^gpu=/ }).textContent()) ?? "").replace("gpu=", "");

    await firing.first().getByRole("link", { name: "runbook" }).click();
    await expect(page).toHaveURL(new RegExp(`/runbooks/for\\?alertname=GpuXidErrors&Hostname=${node}&gpu=${gpu}$`));
    await expect(page.getByRole("heading", { level: 1, name: "GPU XID errors" })).toBeVisible();
    // The live context: the alert's labels, firing since when, and the affected series charted.
    const context = page.getByRole("region", { name: "Alert context" });
    await expect(context.getByText(`Hostname=${node}`)).toBeVisible();
    await expect(context.getByTestId("live-state")).toContainText(/firing since .*\(\d+ min\)/);
    // The chart appears once Prometheus has answered with the rule (until then there is no
    // panel, and "no loading, no error" would hold of nothing).
    const chart = context.locator("article.panel");
    await expect(chart)
      .toHaveCount(1, { timeout: 30_000 })
      .catch(async (error: Error) => {
        throw new Error(`no affected-series panel; the alert context says: ${await context.innerText()}`, { cause: error });
      });
    await chart.scrollIntoViewIfNeeded();
    await expect(context.getByTestId("live-unavailable")).toHaveCount(0);
    await expect(chart.locator('[data-state="loading"]')).toHaveCount(0);
    await expect(chart.locator('[data-state="error"], [data-state="empty"]')).toHaveCount(0);
    await expect(chart.getByRole("img", { name: /Affected series/ })).toBeVisible();
    await expect(context.getByRole("link", { name: "Open the query in Explore" })).toHaveAttribute("href", new RegExp(`var-expr=DCGM_FI_DEV_XID_ERRORS%7BHostname%3D%22${node}%22%2C\\+gpu%3D%22${gpu}%22%7D`));
    // The commands are filled in for this GPU, with copy buttons; PromQL runs in Explore.
    const body = page.locator(".runbook-body");
    await expect(body.getByText(`DCGM_FI_DEV_XID_ERRORS{Hostname="${node}"} > 0`)).toBeVisible();
    await expect(body.getByText(`nvidia-smi -r -i ${gpu}`)).toBeVisible();
    await expect(body.getByRole("button", { name: "Copy code" }).first()).toBeVisible();
    await expect(body.getByRole("link", { name: "Run in Explore" }).first()).toHaveAttribute("href", /^\/explore\?/);
    // Who to call, escalation, and the linked alert's live state beside it.
    await expect(page.getByRole("region", { name: "Who to call" })).toContainText("GPU platform on-call");
    await expect(page.getByRole("region", { name: "Escalation" })).toContainText("XID 79");
    await expect(page.getByTestId("linked-alerts")).toContainText(/GpuXidErrors \d+ firing/);
  });

  test("search ranks the exact alert name first, highlights, filters, and a lookup nobody answers offers to write the runbook", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto("/runbooks");
    await page.getByRole("searchbox", { name: "Search runbooks" }).fill("GpuTemperatureHigh");
    const results = page.getByRole("list", { name: "Results" }).getByRole("listitem");
    await expect(results.first()).toContainText("GPU temperature high");
    await expect(results.first()).toContainText("alert name match");
    await expect(page).toHaveURL(/\/runbooks\?q=GpuTemperatureHigh$/);
    // As you type: a prefix of a word finds it, hits are marked.
    await page.getByRole("searchbox", { name: "Search runbooks" }).fill("throttl");
    await expect(results.first()).toContainText("GPU thermally throttled");
    await expect(results.first().locator("mark").first()).toHaveText(/^[Tt]hrottl/);
    await page.getByLabel("Severity").selectOption("critical");
    await expect(page).toHaveURL(/severity=critical/);
    await expect(results.filter({ hasText: "GPU thermally throttled" })).toHaveCount(0);

    await page.goto("/runbooks/for?alertname=NodeOnFire&Hostname=h1&severity=critical");
    await expect(page.getByTestId("no-runbook")).toContainText("No runbook is linked to the alert NodeOnFire");
    await expect(page.getByRole("searchbox", { name: "Search runbooks" })).toHaveValue("NodeOnFire");
    await page.getByRole("link", { name: "Write this runbook" }).click();
    await expect(page).toHaveURL(/\/runbooks\/new\?alertname=NodeOnFire/);
    const editor = page.getByRole("form", { name: "Edit runbook" });
    await expect(editor.getByLabel("Slug (the URL; fixed once created)")).toHaveValue("node-on-fire");
    await expect(editor.getByLabel(/^Alerts/)).toHaveValue("NodeOnFire");
    await expect(editor.getByLabel("Severity")).toHaveValue("critical");
  });

  test("an SRE edits with a live preview; every save is a revision that can be diffed and restored exactly", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const slug = `${RUN}-edit`;
    await createRunbook(page, { slug, title: "Edit me", severity: "warning", team: "platform", body: "## What it means\n\nOriginal text.", alerts: [{ alertname: "E2eRunbookAlert" }] }, "first");
    await page.goto(`/runbooks/${slug}`);
    await page.getByRole("link", { name: "Edit" }).click();
    const editor = page.getByRole("form", { name: "Edit runbook" });
    await editor.getByLabel("Body").fill("## What it means\n\nChanged text.\n\n```promql\nup == 0\n```");
    // The preview follows the typing.
    await expect(editor.getByTestId("preview").getByRole("heading", { name: "What it means" })).toBeVisible();
    await expect(editor.getByTestId("preview")).toContainText("Changed text.");
    await expect(editor.getByTestId("preview").getByRole("link", { name: "Run in Explore" })).toBeVisible();
    await editor.getByLabel("Revision message").fill("clearer text");
    await editor.getByRole("button", { name: "Save revision" }).click();
    await expect(page).toHaveURL(new RegExp(`/runbooks/${slug}$`));
    await expect(page.locator(".runbook-body")).toContainText("Changed text.");

    const history = page.getByRole("region", { name: "Revision history" });
    await expect(history.getByTestId("revision-2")).toContainText("clearer text");
    await expect(history.getByTestId("revision-2")).toContainText("Sam SRE");
    await history.getByTestId("revision-2").getByRole("button", { name: "Diff with previous" }).click();
    const diff = history.getByLabel("Diff of revision 1 and 2");
    await expect(diff.locator(".diff-del")).toContainText("-Original text.");
    await expect(diff.locator(".diff-add").first()).toContainText("+Changed text.");

    await history.getByTestId("revision-1").getByRole("button", { name: "Restore" }).click();
    await expect(history.getByTestId("revision-3")).toContainText("Restored revision 1");
    await expect(page.locator(".runbook-body")).toContainText("Original text.");
    const revisions = (await (await page.request.get(`/api/runbooks/${slug}/revisions`)).json()).revisions;
    expect(revisions[0].snapshot).toEqual(revisions[2].snapshot);
    // The export is the file deploy/runbooks keeps.
    const exported = await page.request.get(`/api/runbooks/${slug}/export`);
    expect(exported.headers()["content-disposition"]).toBe(`attachment; filename="${slug}.md"`);
    expect(await exported.text()).toBe(`---\nslug: ${slug}\ntitle: Edit me\nseverity: warning\nteam: platform\nalerts:\n  - alertname: E2eRunbookAlert\n---\n\n## What it means\n\nOriginal text.\n`);
    // A save from a stale revision is refused, naming who saved since.
    const stale = await page.request.put(`/api/runbooks/${slug}`, { data: { runbook: { ...revisions[0].snapshot, title: "lost" }, revision: 1, message: "" } });
    expect(stale.status()).toBe(409);
    expect((await stale.json()).error.message).toMatch(/Sam SRE saved revision 3 after the revision 1 you edited/);
  });

  test("a developer edits their teams' runbooks only; a viewer reads; bad input names the field", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.developer, PASSWORD, /\/developer$/);
    // Platform's runbook: readable, no Edit, and the API refuses.
    await page.goto("/runbooks/gpu-xid-errors");
    await expect(page.getByRole("heading", { level: 1, name: "GPU XID errors" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
    const current = (await (await page.request.get("/api/runbooks/gpu-xid-errors")).json()).runbook;
    const denied = await page.request.put("/api/runbooks/gpu-xid-errors", { data: { runbook: { ...current, title: "mine now" }, revision: current.revision } });
    expect(denied.status()).toBe(403);
    expect((await denied.json()).error.message).toBe("team: runbooks of team platform are edited by its members and SREs; yours are inference, ml-research");
    // Their team's: created and edited.
    const mine = await createRunbook(page, { slug: `${RUN}-inference`, title: "Inference thing", severity: "info", team: "inference", body: "Body" });
    await page.goto(`/runbooks/${mine.slug}`);
    await expect(page.getByRole("link", { name: "Edit" })).toBeVisible();
    // The editor offers only their teams.
    await page.goto("/runbooks/new");
    await expect(page.getByLabel("Team").locator("option")).toHaveText(["inference", "ml-research"]);
    // Bad input: 400 naming the field, nothing written.
    const bad = await page.request.post("/api/runbooks", { data: { runbook: { slug: `${RUN}-bad`, title: "x", severity: "page", team: "inference", body: "" } } });
    expect([bad.status(), (await bad.json()).error.message]).toEqual([400, "runbook.severity: one of critical, warning, info"]);
    const badMatcher = await page.request.post("/api/runbooks", { data: { runbook: { slug: `${RUN}-bad`, title: "x", severity: "info", team: "inference", body: "", alerts: [{ alertname: "X", matchers: ["gpu=~("] }] } } });
    expect(badMatcher.status()).toBe(400);
    expect((await badMatcher.json()).error.message).toMatch(/^runbook\.alerts\.0\.matchers\.0: .*not a valid regular expression/);
    expect((await page.request.post("/api/runbooks", { data: "{not json", headers: { "content-type": "application/json" } })).status()).toBe(400);
    expect((await page.request.get(`/api/runbooks/${RUN}-bad`)).status()).toBe(404);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);

    await loginPage.signInAs(USERS.viewer, PASSWORD, /\/overview$/);
    await page.goto("/runbooks/for?alertname=GpuXidErrors&Hostname=h1&gpu=0");
    await expect(page.getByRole("heading", { level: 1, name: "GPU XID errors" })).toBeVisible();
    await expect(page.getByTestId("live-state")).toContainText("Live alert state is shown to developers, SREs and admins.");
    await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
    expect((await page.request.post("/api/runbooks", { data: { runbook: { slug: `${RUN}-viewer`, title: "x", severity: "info", body: "" } } })).status()).toBe(403);
    await page.goto("/runbooks/new");
    await expect(page).toHaveURL(/\/forbidden/);
  });

  test("XSS payloads in the title, summary, body, contacts, escalation and links render inert", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const payload = '<img src=x onerror=alert("title")><script>alert("t")</script>';
    const slug = `${RUN}-xss`;
    await createRunbook(page, {
      slug,
      title: `Title ${payload}`,
      summary: `Summary <svg onload=alert("summary")>`,
      severity: "warning",
      team: "platform",
      owner: '<a href="javascript:alert(1)">owner</a>',
      body: [
        "<script>alert('body')</script>",
        "<img src=x onerror=\"alert('img')\">",
        "[click me](javascript:alert('link'))",
        "[entity](&#106;avascript:alert('entity'))",
        "![pic](javascript:alert('pic'))",
        "<iframe src=\"javascript:alert('iframe')\"></iframe>",
        "<a href=\"javascript:alert('a')\">raw anchor</a>",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      ].join("\n\n"),
      contacts: [{ name: '<b onmouseover=alert("c")>Contact</b>', how: "javascript:alert('how')" }],
      escalation: ['<img src=x onerror=alert("esc")>'],
      tags: ["xss"],
    });
    await page.goto(`/runbooks/${slug}`);
    const article = page.getByRole("article", { name: /Runbook Title/ });
    await expect(article.getByRole("heading", { level: 1 })).toHaveText(`Title ${payload}`);
    await expect(article.locator(".runbook-body")).toContainText("<script>alert('body')</script>");
    await article.getByText("click me").click().catch(() => undefined);
    await article.getByText("entity").click().catch(() => undefined);
    await page.getByText("Contact").hover();
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    // Nothing the payloads would need exists in the DOM.
    expect(await article.locator("script, iframe, svg[onload], img[onerror], [onmouseover], [onerror]").count()).toBe(0);
    const hrefs = await article.locator("a[href], img[src]").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? e.getAttribute("src") ?? ""));
    for (const href of hrefs) expect(href.replace(/\s/g, "").toLowerCase()).not.toMatch(/^(javascript|data|vbscript):/);
    // Also in search results (highlights are text, not HTML).
    await page.goto(`/runbooks?q=${encodeURIComponent("Title")}&tag=xss`);
    await expect(page.getByRole("list", { name: "Results" })).toContainText("Title <img");
    expect(dialogs).toEqual([]);
  });
});
