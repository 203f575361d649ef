import { expect, PASSWORD, test, USERS } from "./fixtures";

/**
 * The console when the monitoring stack is down. `npm test` starts a second console on
 * the same database with a Prometheus and an Alertmanager of its own (OUTAGE_*), and
 * this spec stops them — real processes, not mocks.
 */
const OUTAGE_URL = process.env.OUTAGE_CONSOLE_URL;
const SIM_URL = process.env.SIM_URL ?? "http://127.0.0.1:9400";

function stop(pid: number) {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** Does anything answer at this URL? (A killed process may linger as a zombie until the harness reaps it; its port is closed at once.) */
async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );
}

test.describe("with Prometheus and Alertmanager stopped", () => {
  test.use({ baseURL: OUTAGE_URL });

  test("the runbook lookup still renders the runbook and says plainly that live data is unavailable", async ({ page, loginPage, request }) => {
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

    stop(Number(process.env.OUTAGE_PROMETHEUS_PID));
    stop(Number(process.env.OUTAGE_ALERTMANAGER_PID));
    for (const url of [process.env.OUTAGE_PROMETHEUS_URL!, process.env.OUTAGE_ALERTMANAGER_URL!]) await expect.poll(() => answers(`${url}/-/ready`), { timeout: 10_000 }).toBe(false);

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
  });
});
