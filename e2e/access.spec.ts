import { request as playwrightRequest } from "@playwright/test";
import { API_ROUTES, type ApiAccess } from "../lib/auth/permissions";
import { apiAs, expect, PASSWORD, test, USERS } from "./fixtures";

/** Issue 10: users and teams by an admin, lockout, sign out everywhere, tokens, the audit log, headers and limits. */
const run = Date.now().toString(36);

test.describe("access", () => {
  test("an admin adds a team and a user, makes them its lead; the audit log records each write", async ({ page, loginPage }) => {
    const slug = `e2e-${run}`;
    const email = `ada-${run}@example.com`;
    await loginPage.signInAs(USERS.admin, PASSWORD);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Teams" }).click();
    const teamForm = page.getByRole("form", { name: "Add a team" });
    await teamForm.getByLabel("Slug").fill(slug);
    await teamForm.getByLabel("Name").fill("E2E Team");
    await teamForm.getByRole("button", { name: "Add team" }).click();
    await expect(page.getByRole("row", { name: slug })).toBeVisible();
    // A bad slug is refused naming the field.
    await teamForm.getByLabel("Slug").fill("Bad Slug");
    await teamForm.getByLabel("Name").fill("x");
    await teamForm.getByRole("button", { name: "Add team" }).click();
    await expect(teamForm.getByRole("alert")).toContainText("slug: lower-case letters");

    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
    const userForm = page.getByRole("form", { name: "Add a user" });
    await userForm.getByLabel("Email").fill(email);
    await userForm.getByLabel("Name").fill("Ada E2E");
    await userForm.getByLabel("Teams").fill(`${slug}*`);
    await userForm.getByLabel("Password").fill("correct horse battery");
    await userForm.getByRole("button", { name: "Add user" }).click();
    const row = page.getByRole("row", { name: email });
    await expect(row).toContainText("viewer");
    await row.getByLabel(`Role of ${email}`).selectOption("developer");
    // Wait for the server's answer, not the select's own value: a sign-in before the save lands would be ended by it.
    const saved = page.waitForResponse((r) => r.url().includes("/api/admin/users/") && r.request().method() === "PUT");
    await row.getByRole("button", { name: `Save ${email}` }).click();
    expect((await saved).status()).toBe(200);
    await expect(page.getByRole("row", { name: email }).getByLabel(`Role of ${email}`)).toHaveValue("developer");

    // The new developer signs in and lands on their page, scoped to their team.
    const ada = await apiAs({ email, password: "correct horse battery" }, page.url());
    expect((await (await ada.get("/api/auth/session")).json()).user).toMatchObject({ role: "developer", teams: [slug] });
    await ada.dispose();

    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit log" }).click();
    await page.getByLabel("Target id").fill(slug);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByRole("table", { name: "Audit events" }).getByRole("row")).toHaveCount(2); // header + team.create
    await expect(page.getByRole("table", { name: "Audit events" })).toContainText("team.create");
    await page.goto("/admin/audit?targetType=user");
    const events = page.getByRole("table", { name: "Audit events" });
    await expect(events).toContainText("user.update");
    await expect(events).toContainText("user.create");
    const update = events.getByRole("row").filter({ hasText: "user.update" }).first();
    await expect(update.locator("summary")).toContainText("role");
    await update.locator("summary").click();
    await expect(update.getByLabel("After")).toContainText('"role": "developer"');
    await expect(update.getByLabel("After")).toContainText('"sessions": "ended"');
    // No secret in the log, ever.
    await page.goto("/admin/audit?targetType=user&action=user.create");
    await expect(page.getByRole("table", { name: "Audit events" })).not.toContainText("$2");
  });

  test("five wrong passwords from one address make it wait, even with the right one; an admin unlocks the account", async ({ page, loginPage, baseURL }) => {
    const email = `lock-${run}@example.com`;
    const admin = await apiAs("admin", baseURL!);
    const created = await admin.post("/api/admin/users", { data: { email, name: "Lock Test", role: "viewer", password: "the right password" } });
    expect(created.status()).toBe(201);
    const id = (await created.json()).user.id as string;
    await loginPage.goto();
    for (let i = 1; i <= 4; i++) {
      await loginPage.signIn(email, `wrong ${i}`);
      await expect(loginPage.error).toHaveText("Wrong email or password.");
    }
    await loginPage.signIn(email, "wrong 5");
    await expect(loginPage.error).toHaveText("Too many failed sign-ins: wait 30 seconds before trying again.");
    await loginPage.signIn(email, "the right password");
    await expect(loginPage.error).toContainText("Too many failed sign-ins: wait");
    // An e-mail nobody has: the very same answers (nothing says which accounts exist).
    const nobody = `nobody-${run}@example.com`;
    for (let i = 1; i <= 4; i++) {
      await loginPage.signIn(nobody, `guess ${i}`);
      await expect(loginPage.error).toHaveText("Wrong email or password.");
    }
    await loginPage.signIn(nobody, "guess 5");
    await expect(loginPage.error).toHaveText("Too many failed sign-ins: wait 30 seconds before trying again.");
    expect((await admin.put(`/api/admin/users/${id}`, { data: { unlock: true } })).status()).toBe(200);
    await loginPage.signIn(email, "the right password");
    await page.waitForURL(/\/overview$/);
    await admin.dispose();
  });

  test("sign out everywhere ends every session; disabling ends them and refuses sign-in", async ({ baseURL }) => {
    const email = `sessions-${run}@example.com`;
    const admin = await apiAs("admin", baseURL!);
    const id = (await (await admin.post("/api/admin/users", { data: { email, name: "Two Laptops", role: "sre", password: "the right password" } })).json()).user.id as string;
    const who = { email, password: "the right password" };
    const laptop = await apiAs(who, baseURL!);
    const desktop = await apiAs(who, baseURL!);
    expect((await desktop.get("/api/metrics")).status()).toBe(200);
    expect((await laptop.post("/api/me/sign-out-everywhere")).status()).toBe(204);
    for (const ctx of [laptop, desktop]) {
      expect((await ctx.get("/api/metrics")).status()).toBe(401);
      expect((await (await ctx.get("/api/auth/session")).json()).user?.id ?? "").toBe("");
    }
    // Signing in again works; then the admin disables the account.
    const again = await apiAs(who, baseURL!);
    expect((await admin.put(`/api/admin/users/${id}`, { data: { disabled: true } })).status()).toBe(200);
    expect((await again.get("/api/metrics")).status()).toBe(401);
    const csrf = (await (await again.get("/api/auth/csrf")).json()).csrfToken;
    await again.post("/api/auth/callback/credentials", { form: { csrfToken: csrf, email, password: "the right password", json: "true" }, maxRedirects: 0 });
    expect((await (await again.get("/api/auth/session")).json()).user?.id ?? "").toBe("");
    // An admin cannot lock the console out of its last admin, nor disable themselves.
    const me = (await (await admin.get("/api/auth/session")).json()).user.id as string;
    const self = await admin.put(`/api/admin/users/${me}`, { data: { disabled: true } });
    expect([self.status(), (await self.json()).error.message]).toEqual([400, "disabled: you cannot disable your own account"]);
    for (const ctx of [laptop, desktop, again, admin]) await ctx.dispose();
  });

  test("a developer mints a token within their role and teams, uses it, and revokes it", async ({ page, loginPage, baseURL }) => {
    await loginPage.signInAs(USERS.developer, PASSWORD, /\/developer$/);
    await page.getByRole("link", { name: "API tokens" }).click();
    const form = page.getByRole("form", { name: "New token" });
    await expect(form.getByLabel("Role").locator("option")).toHaveText(["viewer", "developer"]);
    await expect(form.getByRole("group", { name: "Teams it sees" }).getByRole("checkbox")).toHaveCount(2);
    await expect(form.getByLabel("Expires").locator("option")).not.toContainText(["never"]);
    await form.getByLabel("Name").fill(`grafana-${run}`);
    await form.getByRole("button", { name: "Create token" }).click();
    const value = await page.getByTestId("new-token").textContent();
    expect(value).toMatch(/^gfc_[A-Za-z0-9_-]{43}$/);

    const bearer = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${value}` } });
    const teams = await (await bearer.get(`/api/prom/default/api/v1/query?query=${encodeURIComponent("count by (team) (DCGM_FI_DEV_GPU_UTIL)")}`)).json();
    // The form offers their teams and starts with the first one ticked.
    expect(teams.data.result.map((r: { metric: { team: string } }) => r.metric.team)).toEqual(["inference"]);
    // A token cannot mint tokens; the list shows when it was last used.
    expect((await bearer.post("/api/tokens", { data: { name: "child", role: "viewer" } })).status()).toBe(403);
    await page.reload();
    const row = page.getByRole("row").filter({ hasText: `grafana-${run}` });
    await expect(row).toContainText("inference");
    await expect(row).not.toContainText("—"); // last used is set
    await expect(page.locator("body")).not.toContainText(value!); // shown once, never again

    // Escalation through the API: above their role, a team they are not in, never-expiring.
    const dev = page.request;
    const sre = await dev.post("/api/tokens", { data: { name: "x", role: "sre" } });
    expect([sre.status(), (await sre.json()).error.message]).toEqual([403, "role: you are developer; a token cannot have more than your role (sre asked)"]);
    expect((await (await dev.post("/api/tokens", { data: { name: "x", role: "developer", teams: ["recsys"] } })).json()).error.message).toBe(
      "teams: you are not in recsys; a token can only be scoped to your own teams",
    );
    expect((await dev.post("/api/tokens", { data: { name: "x", role: "viewer", expiresInDays: null } })).status()).toBe(403);
    // Another user's token cannot be revoked by them (it is not theirs: 404).
    const admin = await apiAs("admin", baseURL!);
    const adminToken = (await (await admin.post("/api/tokens", { data: { name: `admin-${run}`, role: "viewer" } })).json()).view.id as string;
    expect((await dev.delete(`/api/tokens/${adminToken}`)).status()).toBe(404);

    await row.getByRole("button", { name: `Revoke grafana-${run}` }).click();
    await expect(page.getByRole("row").filter({ hasText: `grafana-${run}` })).toContainText("revoked by Dev Developer");
    const after = await bearer.get("/api/prom/default/api/v1/query?query=up");
    expect(after.status()).toBe(401);
    expect((await after.json()).error).toMatch(/revoked/);
    // The admin sees every token with its owner, and the audit log has both writes.
    const all = (await (await admin.get("/api/tokens")).json()).tokens as { name: string; owner: { name: string } | null; state: string }[];
    expect(all.find((t) => t.name === `grafana-${run}`)).toMatchObject({ owner: { name: "Dev Developer" }, state: "revoked" });
    const audit = (await (await admin.get(`/api/audit?targetType=token&actor=Dev`)).json()).events as { action: string; after: Record<string, unknown> }[];
    expect(audit.slice(0, 2).map((e) => e.action)).toEqual(["token.revoke", "token.create"]);
    expect(JSON.stringify(audit)).not.toContain(value!);
    await bearer.dispose();
    await admin.dispose();
  });

  test("a team's label value, not its slug, scopes its developers' queries and silences, and a change applies at once", async ({ baseURL }) => {
    const admin = await apiAs("admin", baseURL!);
    const slug = `lv-${run}`;
    const email = `lv-${run}@example.com`;
    const countByTeam = `/api/prom/default/api/v1/query?query=${encodeURIComponent("count by (team) (DCGM_FI_DEV_GPU_UTIL)")}`;
    // Two teams that have GPUs right now.
    const present = ((await (await admin.get(countByTeam)).json()).data.result as { metric: { team?: string } }[]).flatMap((r) => (r.metric.team ? [r.metric.team] : [])).sort();
    expect(present.length).toBeGreaterThanOrEqual(2);
    const [first, second] = present as [string, string];
    // A team whose series carry team="<first>" (an admin named it apart from its label).
    expect((await admin.post("/api/admin/teams", { data: { slug, name: "Renamed team", labelValue: first } })).status()).toBe(201);
    expect((await admin.post("/api/admin/users", { data: { email, name: "Label Value", role: "developer", teams: [{ team: slug }], password: "a long enough password" } })).status()).toBe(201);
    const dev = await apiAs({ email, password: "a long enough password" }, baseURL!);
    const teamsSeen = async () =>
      ((await (await dev.get(countByTeam)).json()).data.result as { metric: { team: string } }[]).map((r) => r.metric.team);
    expect(await teamsSeen()).toEqual([first]);
    const silence = (team: string) => dev.post("/api/silences", { data: { matchers: [{ name: "alertname", value: `E2eLabelValue${run}` }, { name: "team", value: team }], endsAt: Date.now() + 3_600_000, comment: "label value scope" } });
    expect((await silence(slug)).status()).toBe(403);
    const created = await silence(first);
    expect(created.status()).toBe(201);
    await dev.post(`/api/silences/${(await created.json()).silence.id}/expire`, { data: { version: 1 } });

    expect((await admin.put(`/api/admin/teams/${slug}`, { data: { labelValue: second } })).status()).toBe(200);
    expect(await teamsSeen()).toEqual([second]);
    expect((await silence(first)).status()).toBe(403);
    for (const ctx of [dev, admin]) await ctx.dispose();
  });

  test("headers: a nonce-only CSP that the console itself never violates, no framing, no sniffing", async ({ page, loginPage }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto("/login");
    const headers = response!.headers();
    const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"] ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // HSTS only over https (here: a TLS terminator in front saying so); plain http gets none.
    expect(headers["strict-transport-security"]).toBeUndefined();
    const overTls = await page.request.get("/login", { headers: { "x-forwarded-proto": "https" } });
    expect(overTls.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    // Every script tag Next.js wrote into the HTML carries that response's nonce; two loads, two nonces.
    const again = await page.request.get("/login");
    const againNonce = /'nonce-([^']+)'/.exec(again.headers()["content-security-policy"] ?? "")?.[1];
    expect(againNonce).not.toBe(nonce);
    const tags = [...(await again.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toContain(`nonce="${againNonce}"`);
    await loginPage.signIn(USERS.sre, PASSWORD);
    await page.waitForURL(/\/sre$/);
    await expect(page.locator("article.panel canvas").first()).toBeVisible();
    await page.goto("/explore");
    await expect(page.locator(".cm-editor").first()).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("writes from another site are refused; malformed and oversized bodies get 400 and 413 on every write route, never 500", async ({ baseURL }) => {
    const admin = await apiAs("admin", baseURL!);
    const foreign = await admin.post("/api/annotations", { data: { startsAt: Date.now(), text: "csrf" }, headers: { origin: "https://evil.example" } });
    expect(foreign.status()).toBe(403);
    expect((await foreign.json()).error.message).toMatch(/Origin https:\/\/evil.example is not this console/);
    expect((await admin.post("/api/annotations", { data: { nope: 1 }, headers: { origin: new URL(baseURL!).origin } })).status()).toBe(400);
    expect((await admin.delete("/api/annotations/x", { headers: { "sec-fetch-site": "cross-site" } })).status()).toBe(403);

    const sample = (p: string) => p.replace(/\[\.\.\.\w+\]/, "query").replace("[datasource]", "default").replace(/\[\w+\]/g, "no-such-id");
    let checked = 0;
    for (const [pattern, methods] of Object.entries(API_ROUTES) as [string, Record<string, ApiAccess>][]) {
      if (pattern.startsWith("/api/auth/") || pattern === "/api/me/sign-out-everywhere") continue;
      for (const method of Object.keys(methods).filter((m) => m !== "GET")) {
        const where = `${method} ${pattern}`;
        const malformed = await admin.fetch(sample(pattern), { method, headers: { "content-type": "application/json" }, data: "{ not json" });
        expect(malformed.status(), `${where} malformed`).toBeLessThan(500);
        expect([200, 204, 400, 404, 415, 422], `${where} malformed`).toContain(malformed.status());
        const big = await admin.fetch(sample(pattern), { method, headers: { "content-type": "application/json" }, data: `{"text":"${"x".repeat(2 * 1024 * 1024)}"}` });
        expect(big.status(), `${where} oversized`).toBe(413);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    await admin.dispose();
  });
});
