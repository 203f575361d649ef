import { spawn } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { DATABASE_DOWN_MESSAGE } from "../lib/api/errors";
import { expect, PASSWORD, test, USERS } from "./fixtures";

/** Is the process still running? A zombie (exited, not yet reaped by the harness, which waits on Playwright) is not. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/**
 * The console when what it depends on is down. `npm test` starts a second console with a
 * Prometheus, an Alertmanager and a PostgreSQL of its own (OUTAGE_*), and this spec
 * stops them — real processes, not mocks — and starts Prometheus again. In order:
 * Prometheus stopped and back; Prometheus and Alertmanager stopped; PostgreSQL stopped.
 */
const OUTAGE_URL = process.env.OUTAGE_CONSOLE_URL;
const SIM_URL = process.env.SIM_URL ?? "http://127.0.0.1:9400";
const PROMETHEUS_URL = process.env.OUTAGE_PROMETHEUS_URL!;
const ALERTMANAGER_URL = process.env.OUTAGE_ALERTMANAGER_URL!;

function stop(pid: number, signal: NodeJS.Signals = "SIGKILL") {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** A process of the outage stack this spec stops and starts again: its pid now, and its command line (read before the first stop). */
class Restartable {
  private command: string[] | null = null;
  constructor(
    private pid: number,
    private readyUrl: string,
  ) {}

  async stop() {
    this.command ??= readFileSync(`/proc/${this.pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    stop(this.pid);
    await expect.poll(() => answers(this.readyUrl), { timeout: 10_000 }).toBe(false);
  }

  /** The same process again (same flags, same data); the harness stops it with the rest (RESTARTED_PIDS). */
  async start() {
    if (await answers(this.readyUrl)) return;
    const [command, ...args] = this.command!;
    const child = spawn(command!, args, { detached: true, stdio: "ignore" });
    child.unref();
    this.pid = child.pid!;
    appendFileSync(process.env.RESTARTED_PIDS!, `${child.pid}\n`);
    await expect.poll(() => answers(this.readyUrl), { timeout: 60_000 }).toBe(true);
  }
}

const prometheus = new Restartable(Number(process.env.OUTAGE_PROMETHEUS_PID), `${PROMETHEUS_URL}/-/ready`);
const alertmanager = new Restartable(Number(process.env.OUTAGE_ALERTMANAGER_PID), `${ALERTMANAGER_URL}/-/ready`);

/** What each panel of the page shows: "answered" (drawn, or an honest "no data" — a fresh Prometheus has little history), "loading", or "error:<type>". */
async function panelStates(page: Page) {
  return page.locator("article.panel").evaluateAll((panels) =>
    panels.map((p) => {
      const state = p.querySelector("[data-state]")?.getAttribute("data-state");
      if (state === "error") return `error:${p.querySelector("[data-error-type]")?.getAttribute("data-error-type")}`;
      return state === "loading" ? "loading" : "answered";
    }),
  );
}

/** Does anything answer at this URL? (A killed process may linger as a zombie until the harness reaps it; its port is closed at once.) */
async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );
}

test.describe("when its dependencies stop", () => {
  test.describe.configure({ mode: "serial" });
  test.use({ baseURL: OUTAGE_URL, viewport: { width: 1440, height: 3000 } });

  test("Prometheus stopped: every panel shows its last known answer stamped with its age, a panel never answered says unreachable, the rest keeps working; back: live again without a reload", async ({ page, loginPage }, testInfo) => {
    test.setTimeout(180_000);
    expect(OUTAGE_URL, "needs the outage console that npm test starts (OUTAGE_CONSOLE_URL): run TEST_STAGES=e2e npm test").toBeTruthy();
    await loginPage.signInAs(USERS.sre, PASSWORD);
    // The overview, tall enough that every panel is on screen (and queries); no auto-refresh yet.
    await page.goto("/overview?from=now-15m&to=now");
    const panels = page.locator("article.panel");
    await expect(panels.first()).toBeVisible();
    const count = await panels.count();
    await expect.poll(() => panelStates(page), { timeout: 30_000 }).toEqual(Array(count).fill("answered"));
    await expect(page.getByTestId("panel-stale")).toHaveCount(0);
    // What the fleet looked like: the stat panels' values while Prometheus answered.
    const stats = page.getByTestId("stat-value");
    const before = await stats.evaluateAll((els) => els.map((e) => e.getAttribute("data-value")));
    // A mark on this page: gone if it were ever reloaded.
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    // The next range query a panel sends (its form), to ask again by hand once Prometheus is gone.
    const sent: { range?: Record<string, string> } = {};
    page.on("request", (r) => {
      if (r.url().includes("/api/prom/default/api/v1/query_range")) sent.range ??= Object.fromEntries(new URLSearchParams(r.postData() ?? ""));
    });

    await prometheus.stop();
    const stoppedAt = Date.now();
    // The proxy may serve an answer it holds for up to half its step (at most 30 s) as live:
    // past that a refresh by hand must fall back at once — no spinner, no empty panels.
    await page.waitForTimeout(31_000);
    const clicked = Date.now();
    await page.getByRole("button", { name: "Refresh" }).click();
    // Every panel shows the last answer it had, stamped — except one whose whole window
    // (30 days, ending on the last whole hour) the proxy holds as final: nothing in it can change.
    const titles = await panels.locator("h2").allTextContents();
    const CACHED = "Fleet utilization, last 30 days";
    const staleStates = () =>
      panels.evaluateAll((list) => list.map((p) => (p.querySelector('[data-testid="panel-stale"]') ? "stale" : p.querySelector('[data-state="error"]') ? "error" : "live")));
    await expect
      .poll(async () => (await staleStates()).map((state, i) => (titles[i] === CACHED && state === "live" ? "stale" : state)), { timeout: 2_000, intervals: [50] })
      .toEqual(Array(count).fill("stale"));
    testInfo.annotations.push({ type: "every panel on its last known answer after", description: `${Date.now() - clicked} ms (${count} panels)` });
    const stamp = page.getByTestId("panel-stale").first();
    await expect(stamp).toHaveText(/^as of \d\d:\d\d, (under a minute|\d+ min) ago — Prometheus unreachable$/);
    await expect(stamp).toHaveAttribute("title", /ECONNREFUSED/);
    // Its time is the last answer's, from before Prometheus stopped.
    const asOf = Number(await panels.first().getAttribute("data-stale"));
    expect(asOf).toBeLessThanOrEqual(stoppedAt);
    expect(asOf).toBeGreaterThan(stoppedAt - 120_000);
    // The values are the fleet's as it last was, not blanks.
    expect(await stats.evaluateAll((els) => els.map((e) => e.getAttribute("data-value")))).toEqual(before);
    expect(before.every((v) => v !== null && v !== "")).toBe(true);

    // A query the console never answered has nothing to fall back on: 503 unavailable, as
    // before. One it answered comes back as success, marked not live (header and warning).
    const never = await page.request.post("/api/prom/default/api/v1/query", { form: { query: "count(up) + 0 * 17" } });
    expect(never.status()).toBe(503);
    expect(await never.json()).toMatchObject({ status: "error", errorType: "unavailable", error: expect.stringContaining("ECONNREFUSED") });
    const known = await page.request.post("/api/prom/default/api/v1/query_range", { form: sent.range! });
    expect(known.status()).toBe(200);
    expect(known.headers()["x-console-cache"]).toBe("stale");
    expect(Number(known.headers()["x-console-stale"])).toBeLessThanOrEqual(stoppedAt);
    expect(Number(known.headers()["x-console-stale"])).toBeGreaterThan(stoppedAt - 120_000);
    expect((await known.json()).warnings).toEqual([expect.stringMatching(/^not live: the console's last known answer, as of .* \(datasource "default" is unreachable: .*ECONNREFUSED.*\)$/)]);

    // The console says so, and what does not need Prometheus keeps working.
    const health = await (await page.request.get("/api/health")).json();
    expect(health).toMatchObject({ status: "degraded", checks: { database: { status: "up" }, prometheus: { status: "down" }, alertmanager: { status: "up" } } });
    const other = await page.context().newPage();
    await other.goto("/runbooks?q=xid");
    await expect(other.getByRole("list", { name: "Results" }).getByRole("listitem").first()).toContainText("GPU XID errors");
    await other.close();
    const silence = await page.request.post("/api/silences", { data: { matchers: [{ name: "alertname", value: "E2eOutage" }], endsAt: Date.now() + 3_600_000, comment: "e2e: prometheus down" } });
    expect(silence.status()).toBe(201);
    await page.request.post(`/api/silences/${(await silence.json()).silence.id}/expire`, { data: { version: 1 } });

    // Prometheus comes back: with auto-refresh on, the next refresh redraws every panel, no reload.
    await page.getByRole("combobox", { name: "Auto-refresh" }).selectOption("10s");
    await prometheus.start();
    await expect.poll(() => panelStates(page), { timeout: 45_000 }).toEqual(Array(count).fill("answered"));
    await expect(page.getByTestId("panel-stale")).toHaveCount(0, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });

  test("Prometheus and Alertmanager stopped: the runbook lookup renders and says live data is unavailable; the alerts page says Alertmanager did not answer; a silence is kept, pending", async ({ page, loginPage, request }) => {
    test.setTimeout(120_000);
    expect(OUTAGE_URL, "needs the outage console that npm test starts (OUTAGE_CONSOLE_URL): run TEST_STAGES=e2e npm test").toBeTruthy();
    const sd = await (await request.get(`${SIM_URL}/sd/dcgm`)).json();
    const node = (sd[0].labels.instance as string).split(":")[0]!;
    const lookup = `/runbooks/for?alertname=GpuTemperatureHigh&Hostname=${node}&gpu=0`;
    await loginPage.signInAs(USERS.sre, PASSWORD);

    // While they run: the affected series draws, nothing says unavailable.
    await page.goto(lookup);
    const context = page.getByRole("region", { name: "Alert context" });
    await expect(context.getByRole("img", { name: /Affected series/ })).toBeVisible();
    await expect(context.getByTestId("live-state")).toContainText(/Not firing now|firing|pending/);
    await expect(context.getByTestId("live-unavailable")).toHaveCount(0);

    await prometheus.stop();
    await alertmanager.stop();

    // The proxy may answer from its cache for a few seconds (5 s for rules and pending
    // alerts, half a step for the chart); after that every Prometheus answer fails.
    const unavailable = page.getByTestId("live-unavailable");
    await expect(async () => {
      await page.goto(lookup);
      await expect(unavailable).toContainText("Prometheus:", { timeout: 3_000 });
    }).toPass({ timeout: 45_000 });
    await expect(page.getByRole("heading", { level: 1, name: "GPU temperature high" })).toBeVisible();
    await expect(unavailable).toContainText("Live data unavailable");
    await expect(unavailable).toContainText("Alertmanager:");
    await expect(unavailable).toContainText("served from the console's own database");
    // Everything the on-call needs is there: what to do, filled in for this GPU, and who to call.
    await expect(page.locator(".runbook-body").getByText(`DCGM_FI_DEV_GPU_TEMP{Hostname="${node}"}`).first()).toBeVisible();
    await expect(page.locator(".runbook-body").getByText("nvidia-smi -q -d TEMPERATURE,PERFORMANCE -i 0")).toBeVisible();
    await expect(page.getByRole("region", { name: "Who to call" })).toContainText("GPU platform on-call");
    await expect(page.getByRole("region", { name: "Escalation" })).toContainText("data-centre operations");
    // And search keeps working (Postgres only).
    await page.goto("/runbooks?q=xid");
    await expect(page.getByRole("list", { name: "Results" }).getByRole("listitem").first()).toContainText("GPU XID errors");

    // The alerts page says Alertmanager did not answer, rather than showing an empty, all-clear list.
    await page.goto("/alerts");
    await expect(page.getByRole("alert").filter({ hasText: "did not answer" }).first()).toContainText(/Alertmanager http:\/\/127\.0\.0\.1:\d+ did not answer/);
    // A silence is accepted, kept, and shown as waiting for Alertmanager (written when it is back).
    const comment = `e2e: alertmanager down ${Date.now()}`;
    const created = await page.request.post("/api/silences", { data: { matchers: [{ name: "alertname", value: "E2eAlertmanagerDown" }], endsAt: Date.now() + 3_600_000, comment } });
    expect(created.status()).toBe(201);
    const { silence } = await created.json();
    expect(silence.sync).toEqual([expect.objectContaining({ amId: null })]);
    expect(["pending", "error"]).toContain(silence.sync[0].state);
    await page.goto(`/silences?q=${encodeURIComponent(comment)}`);
    await expect(page.locator("li.silence-item", { hasText: comment }).getByTestId("sync-state")).toContainText("pending sync");
  });
  test("PostgreSQL stopped: dashboards still draw (sessions are JWTs), writes answer 503 saying so, nothing is half-written, health says so", async ({ page, loginPage }) => {
    test.setTimeout(180_000);
    await prometheus.start();
    await alertmanager.start();
    await loginPage.signInAs(USERS.sre, PASSWORD);

    const pid = Number(readFileSync(path.join(process.env.OUTAGE_PG_DATA_DIR!, "postmaster.pid"), "utf8").split("\n")[0]);
    stop(pid, "SIGINT"); // a fast shutdown, as an operator's `pg_ctl stop` does
    await expect.poll(() => isRunning(pid), { timeout: 30_000 }).toBe(false);

    const health = await page.request.get("/api/health");
    expect(health.status()).toBe(503);
    const report = await health.json();
    expect(report).toMatchObject({ status: "down", checks: { database: { status: "down", error: "PostgreSQL is unreachable" }, prometheus: { status: "up" }, alertmanager: { status: "up" } } });
    expect(JSON.stringify(report)).not.toMatch(/prisma|invocation/i);

    // Every alert's runbook_url still answers: the shipped runbook, stamped.
    await page.goto("/runbooks/for?alertname=GpuXidErrors&Hostname=h1&gpu=0");
    await expect(page.getByTestId("runbook-fallback")).toContainText("PostgreSQL unreachable");
    await expect(page.getByRole("heading", { level: 1, name: "GPU XID errors" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);

    // Signing in says the database is unavailable, in words: no driver text in the page or the URL.
    const fresh = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin });
    const login = await fresh.newPage();
    await login.goto("/login");
    await login.getByLabel("Email").fill(USERS.viewer);
    await login.getByLabel("Password").fill(PASSWORD);
    await login.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(login.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText("The console's database (PostgreSQL) cannot be reached, so nobody can sign in just now.");
    expect(login.url()).not.toMatch(/prisma|invocation/i);
    await expect(login.locator("body")).not.toContainText(/prisma|invocation/i);
    await fresh.close();

    // The signed-in session stands on its signed claims; every panel draws from Prometheus.
    await page.goto("/overview?from=now-15m&to=now");
    const count = await page.locator("article.panel").count();
    await expect.poll(() => panelStates(page), { timeout: 30_000 }).toEqual(Array(count).fill("answered"));

    // Writes say what is wrong, in words; the silence never reached Alertmanager either.
    const comment = `e2e: postgres down ${Date.now()}`;
    for (const write of [
      page.request.post("/api/annotations", { data: { startsAt: Date.now(), text: comment } }),
      page.request.post("/api/silences", { data: { matchers: [{ name: "alertname", value: "E2ePostgresDown" }], endsAt: Date.now() + 3_600_000, comment } }),
    ]) {
      const answer = await write;
      expect(answer.status()).toBe(503);
      expect(await answer.json()).toEqual({ error: { code: "upstream:unavailable", message: DATABASE_DOWN_MESSAGE } });
    }
    const inAm = (await (await page.request.get(`${ALERTMANAGER_URL}/api/v2/silences`)).json()) as { comment: string }[];
    expect(inAm.filter((x) => x.comment.startsWith(comment))).toEqual([]);
  });
});
