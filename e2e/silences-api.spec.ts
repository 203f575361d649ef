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
