import { everyPanelDraws, expect, screenshotArtifact, PASSWORD, test, USERS } from "./fixtures";

// npm test passes the simulator's URL; by hand against `npm run demo` it is :9400.
const SIM_URL = process.env.SIM_URL ?? "http://127.0.0.1:9400";

test.use({ viewport: { width: 1440, height: 900 } });

test.describe("drill-down", () => {
  test.afterEach(async ({ request }) => {
    await request.delete(`${SIM_URL}/faults`);
  });

  test("a GPU by UUID: which card, where, its job and every field; its node page lists its GPUs and jobs", async ({ page, loginPage }, testInfo) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    // A GPU that runs a job, found the way a script would: through the console's Prometheus API.
    const answer = await page.request.post("/api/prom/default/api/v1/query", { form: { query: "topk(1, gpu_job_info)" } });
    const job = (await answer.json()).data.result[0].metric as Record<string, string>;

    await page.goto(`/gpus/${job.UUID}?from=now-5m&to=now`);
    await expect(page.getByRole("heading", { name: `GPU — ${job.UUID}`, level: 1 })).toBeVisible();
    const summary = page.getByLabel("GPU summary");
    await expect(summary.getByTestId("gpu-job")).toContainText(job.job_name!);
    await expect(summary.getByTestId("gpu-job")).toContainText(`${job.namespace}/${job.pod}`);
    await expect(summary.getByRole("link", { name: job.Hostname })).toBeVisible();
    await everyPanelDraws(page);
    // Every dcgm field this GPU reports, by name.
    const fields = page.locator("article.panel", { has: page.getByRole("heading", { name: "Every field now" }) });
    await expect(fields.getByRole("cell", { name: "DCGM_FI_DEV_CLOCK_THROTTLE_REASONS", exact: true })).toBeVisible();
    expect(await fields.locator("tbody tr").count()).toBeGreaterThanOrEqual(40);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshotArtifact(page, testInfo, "gpu-1440x900");

    // The node link keeps the window and opens the node: its GPUs (each a link to its page) and the jobs on it.
    await summary.getByRole("link", { name: job.Hostname }).click();
    await expect(page).toHaveURL(new RegExp(`/nodes/${job.Hostname}`));
    await expect(page.getByRole("heading", { name: `Node — ${job.Hostname}`, level: 1 })).toBeVisible();
    await expect(page.getByLabel("Node summary").getByTestId("node-gpus")).toContainText(/^\d+ × /);
    await everyPanelDraws(page);
    const gpus = page.locator("article.panel", { has: page.getByRole("heading", { name: "GPUs", exact: true }) });
    await expect(gpus.locator("tbody tr").first().getByRole("link", { name: "GPU" })).toHaveAttribute("href", new RegExp(`^/gpus/${job.Hostname}:\\d\\?from=`));
    const jobs = page.locator("article.panel", { has: page.getByRole("heading", { name: "Jobs on this node" }) });
    await expect(jobs.getByRole("cell", { name: job.job_name, exact: true }).first()).toBeVisible();
    await screenshotArtifact(page, testInfo, "node-1440x900");
  });

  test("a throttling GPU has its reasons decoded by name, now and as a share of the window", async ({ page, loginPage, request }) => {
    const sd = await (await request.get(`${SIM_URL}/sd/dcgm`)).json();
    const node = (sd[0].labels.instance as string).split(":")[0]!;
    expect((await request.post(`${SIM_URL}/faults`, { data: { name: "thermal-throttle", target: node, for: "10m" } })).status()).toBe(201);
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto(`/gpus/${node}:0?from=now-5m&to=now`);
    const now = page.getByTestId("throttle-now");
    // The next scrape carries the bit: refresh until it shows.
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(now).toContainText("HW thermal slowdown", { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByTestId("throttle-window")).toContainText(/HW thermal slowdown \d+(\.\d+)?%/);
  });

  test("an XID storm's codes are decoded by name on the GPU page, with the operator action and the runbook, and named on the SRE dashboard", async ({ page, loginPage, request }) => {
    const sd = await (await request.get(`${SIM_URL}/sd/dcgm`)).json();
    const node = (sd[2].labels.instance as string).split(":")[0]!;
    expect((await request.post(`${SIM_URL}/faults`, { data: { name: "xid-storm", target: node, for: "10m" } })).status()).toBe(201);
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto(`/gpus/${node}:1?from=now-5m&to=now`);
    const xid = page.getByTestId("gpu-xid");
    // The storm cycles through 79, 48, 31 and 94 (lib/sim/gpu-model.ts); the next scrape carries one.
    const names = /XID (79|48|31|94): (GPU has fallen off the bus|Double-bit ECC error|GPU memory page fault|Contained ECC error)/;
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(xid).toContainText(names, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(xid).toContainText(/drain the node and reboot it|drain the GPU's jobs, then reset the GPU|no hardware action/);
    await expect(xid.getByRole("link", { name: "runbook" })).toHaveAttribute("href", "/runbooks/gpu-xid-errors");
    await expect(xid.locator("[data-xid]")).toHaveAttribute("title", /\S+ Action: /);
    // The SRE dashboard counts GPUs by code, each code named.
    await page.goto(`/sre?from=now-5m&to=now&var-node=${node}`);
    const table = page.locator("article.panel", { has: page.getByRole("heading", { name: "XID errors by code" }) });
    await table.scrollIntoViewIfNeeded();
    await expect(table.locator("[data-xid]").first()).toContainText(names);
  });

  test("a MIG-partitioned GPU's page lists its instances with their profiles and load; a whole GPU says MIG is off", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    // The test fleet's simulator splits eu-west-gpu-002's GPU 7 into 3g.40gb, 2g.20gb and two 1g.10gb (lib/sim/fleet.ts).
    await page.goto("/gpus/eu-west-gpu-002:7?from=now-15m&to=now");
    const mig = page.locator("article.panel", { has: page.getByRole("heading", { name: "MIG instances", exact: true }) });
    await mig.scrollIntoViewIfNeeded();
    const rows = mig.locator("tbody tr");
    await expect(rows).toHaveCount(4);
    await expect(rows.first()).toContainText("3g.40gb");
    await expect(rows.first()).toContainText(/\d+(\.\d+)?\s?%/);
    await expect(mig.locator("tbody")).toContainText("1g.10gb");
    await page.goto("/gpus/eu-west-gpu-002:6?from=now-15m&to=now");
    const off = page.locator("article.panel", { has: page.getByRole("heading", { name: "MIG instances", exact: true }) });
    await off.scrollIntoViewIfNeeded();
    await expect(off.locator('[data-state="healthy"]')).toHaveText("Not partitioned: MIG is off on this GPU.");

    // The SRE dashboard: the fleet grid's cell of that GPU holds a bar per instance; the heatmap draws it as its instances.
    await page.goto("/sre?from=now-5m&to=now");
    const grid = page.getByTestId("fleet-grid");
    await grid.scrollIntoViewIfNeeded();
    const cell = grid.locator("[data-mig-instances]");
    await expect(cell).toHaveCount(1);
    await expect(cell).toHaveAttribute("data-mig-instances", "4");
    await expect(cell).toHaveAttribute("title", /^eu-west-gpu-002 GPU 7: .* · MIG: 3g\.40gb #1 [\d.]+\s?%, 2g\.20gb #2 /);
    const panel = page.locator("article.panel", { has: page.getByRole("heading", { name: "GPU utilization heatmap", exact: true }) });
    await panel.scrollIntoViewIfNeeded();
    await expect(panel.getByTestId("heatmap-note").locator("[data-gpus]")).toHaveAttribute("data-mig-instances", "4");
    await expect(panel.getByTestId("heatmap-note")).toContainText("(1 drawn as their 4 MIG instances)");
  });

  test("a GPU that does not report says so instead of drawing empty charts", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto("/gpus/GPU-00000000-0000-0000-0000-000000000000");
    await expect(page.getByRole("alert").filter({ hasText: "No GPU reports under this name" })).toBeVisible();
  });
});
