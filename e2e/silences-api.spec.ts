import type { Page } from "@playwright/test";
import { expect, PASSWORD, test, USERS } from "./fixtures";

// npm test passes the stack's Alertmanager; by hand against `npm run demo` it is :9093.
const ALERTMANAGER_URL = process.env.ALERTMANAGER_URL ?? "http://127.0.0.1:9093";
const H = 3_600_000;

test.describe("/api/silences: Postgres first, then Alertmanager", () => {
  test("an SRE's silence is saved, written to Alertmanager with the same matchers, edited with a version, and expired there", async ({ page, loginPage, request }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const matchers = [
      { name: "alertname", value: "E2eSilenceApi", isRegex: false, isEqual: true },
      { name: "team", value: "platform", isRegex: false, isEqual: true },
    ];
    const created = await page.request.post("/api/silences", { data: { matchers, endsAt: Date.now() + H, comment: "e2e: api", ticketUrl: "https://tickets.example/OPS-1" } });
    expect(created.status()).toBe(201);
    const { silence } = await created.json();
    expect(silence).toMatchObject({ state: "active", origin: "console", version: 1, createdBy: "Sam SRE", ticketUrl: "https://tickets.example/OPS-1" });
    expect(silence.sync).toEqual([expect.objectContaining({ state: "synced" })]);
    const amId = silence.sync[0].amId as string;
    const inAm = (await (await request.get(`${ALERTMANAGER_URL}/api/v2/silence/${amId}`)).json()) as { matchers: typeof matchers; status: { state: string } };
    expect(inAm.status.state).toBe("active");
    expect(inAm.matchers.map((m) => `${m.name}=${m.value}`).sort()).toEqual(["alertname=E2eSilenceApi", "team=platform"]);

    // Two people edit version 1: the first wins, the second gets 409 with the silence as it is now.
    const first = await page.request.put(`/api/silences/${silence.id}`, { data: { matchers, endsAt: silence.endsAt + H, comment: "e2e: api (longer)", version: 1 } });
    expect(first.status()).toBe(200);
    const second = await page.request.put(`/api/silences/${silence.id}`, { data: { matchers, endsAt: silence.endsAt, comment: "e2e: api (other)", version: 1 } });
    expect(second.status()).toBe(409);
    const conflict = (await second.json()).error;
    expect(conflict).toMatchObject({ code: "request:conflict", current: { version: 2, comment: "e2e: api (longer)" } });
    expect(conflict.changed).toEqual(expect.arrayContaining(["endsAt", "comment"]));

    const extended = await page.request.post(`/api/silences/${silence.id}/extend`, { data: { version: 2, by: "4h" } });
    expect(extended.status()).toBe(200);
    expect((await extended.json()).silence.endsAt).toBeGreaterThanOrEqual(silence.endsAt + H + 4 * H);

    const expired = await page.request.post(`/api/silences/${silence.id}/expire`, { data: { version: 3 } });
    expect(expired.status()).toBe(200);
    expect((await expired.json()).silence).toMatchObject({ state: "expired", expiredBy: "Sam SRE" });
    const after = (await (await request.get(`${ALERTMANAGER_URL}/api/v2/silence/${(await expired.json()).silence.sync[0].amId}`)).json()) as { status: { state: string } };
    expect(after.status.state).toBe("expired");
    const history = (await (await page.request.get(`/api/silences/${silence.id}`)).json()).history.map((h: { action: string }) => h.action);
    expect(history).toEqual(["created", "edited", "extended", "expired"]);
  });

  test("bad input says which field; a developer may not silence another team's alerts", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.developer, PASSWORD, /\/developer$/);
    const bad = await page.request.post("/api/silences", { data: { matchers: [{ name: "alertname", value: ".*", isRegex: true }, { name: "team", value: "inference", isEqual: false }], endsAt: Date.now() + H, comment: "e2e" } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^matchers: at least one matcher must not match the empty string/);
    const past = await page.request.post("/api/silences", { data: { matchers: [{ name: "team", value: "inference" }], startsAt: Date.now() - 2 * H, endsAt: Date.now() - H, comment: "e2e" } });
    expect(past.status()).toBe(400);
    expect((await past.json()).error.message).toBe("endsAt: is in the past");
    const other = await page.request.post("/api/silences", { data: { matchers: [{ name: "alertname", value: "X" }, { name: "team", value: "recsys" }], endsAt: Date.now() + H, comment: "e2e" } });
    expect(other.status()).toBe(403);
    expect((await other.json()).error.message).toMatch(/you may only silence your teams' alerts/);
  });
});

test.describe("guardrails on silences", () => {
  /** A date and time `days` ahead as the form reads it (the browser's zone). */
  const daysAhead = (page: Page, days: number) =>
    page.evaluate((d) => {
      const t = new Date(Date.now() + d * 86_400_000 + 120_000);
      const p = (n: number) => String(n).padStart(2, "0");
      return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())} ${p(t.getHours())}:${p(t.getMinutes())}`;
    }, days);

  test("a silence longer than the maximum is saved only with an SRE's reason, which the audit log keeps; a developer is told to ask one", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const name = `E2eGuardrail${Date.now()}`;
    await page.goto(`/silences?new=1&matcher=${encodeURIComponent(`alertname="${name}"`)}&matcher=${encodeURIComponent('team="platform"')}`);
    const form = page.getByRole("form", { name: "New silence" });
    await form.getByLabel("Duration").selectOption("custom");
    await form.getByLabel("Ends at").fill(await daysAhead(page, 10));
    await form.getByLabel("Comment").fill(`e2e: ${name}`);
    // What it covers across the fleet, and why it needs a confirmation.
    await expect(form.getByLabel("What it covers")).toHaveAttribute("data-alerts", "0");
    await expect(form.getByLabel("What it covers")).toContainText(/^Across the fleet: 0 alerts \(0 of the \d+ firing\) · 0 GPUs · 0 nodes · 0 jobs · no team$/);
    const confirm = form.getByRole("group", { name: "Needs a confirmation" });
    await expect(confirm.locator('li[data-concern="duration"]')).toHaveText("runs 10 d, longer than 7 d");

    // Without a reason the server refuses it, saying why; with one it is saved.
    await form.getByRole("button", { name: "Create silence" }).click();
    await expect(form.getByRole("alert")).toContainText("confirm: this silence runs 10 d, longer than 7 d; confirm it with a reason");
    await form.getByLabel("Confirmation reason").fill("e2e: a planned ten-day rack move");
    await form.getByRole("button", { name: "Create silence" }).click();
    await expect(form).toHaveCount(0);
    const listed = (await (await page.request.get(`/api/silences?q=${encodeURIComponent(name)}`)).json()).silences as { id: string; version: number }[];
    expect(listed).toHaveLength(1);

    // A developer sees the same concern, and that only an SRE or admin may confirm it.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await loginPage.signInAs(USERS.developer, PASSWORD, /\/developer$/);
    await page.goto(`/silences?new=1&matcher=${encodeURIComponent(`alertname="${name}"`)}&matcher=${encodeURIComponent('team="inference"')}`);
    const devForm = page.getByRole("form", { name: "New silence" });
    await devForm.getByLabel("Duration").selectOption("custom");
    await devForm.getByLabel("Ends at").fill(await daysAhead(page, 10));
    await expect(devForm.getByRole("group", { name: "Needs a confirmation" })).toContainText("Only an SRE or an admin may confirm it");
    await expect(devForm.getByLabel("Confirmation reason")).toHaveCount(0);

    // The audit log keeps the reason and what was confirmed.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await loginPage.signInAs(USERS.admin, PASSWORD);
    const audit = (await (await page.request.get(`/api/audit?action=silence.create&targetId=${listed[0]!.id}`)).json()).events as { after: { confirmation?: unknown } }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after.confirmation).toEqual({ reason: "e2e: a planned ten-day rack move", concerns: ["duration"] });
    const expired = await page.request.post(`/api/silences/${listed[0]!.id}/expire`, { data: { version: listed[0]!.version } });
    expect(expired.status()).toBe(200);
  });
});
