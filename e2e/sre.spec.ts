import { expect, PASSWORD, test, USERS } from "./fixtures";

test("an SRE lands on /sre and the GPU utilization chart draws real data", async ({ page, loginPage, srePage }) => {
  const proxied = page.waitForResponse((r) => r.url().includes("/api/prom/default/api/v1/query_range"));
  await loginPage.goto();
  await loginPage.signIn(USERS.sre, PASSWORD);
  await expect(page).toHaveURL(/\/sre$/);

  const response = await proxied;
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("success");
  expect(body.data.resultType).toBe("matrix");

  const panel = await srePage.reveal("GPU utilization");
  await expect(panel.getByRole("img", { name: "GPU utilization chart" })).toBeVisible();
  await expect(panel.locator('[data-state="error"]')).toHaveCount(0);
  // The legend names GPUs as "<Hostname> GPU <index>", from the simulator's labels.
  const items = srePage.legendItems("GPU utilization");
  await expect(items.first()).toContainText(/gpu-\d{3} GPU \d/);
  expect(await items.count()).toBeGreaterThanOrEqual(1);
  // A canvas was drawn with at least one series.
  await expect(panel.locator("[data-series-count]")).not.toHaveAttribute("data-series-count", "0");
});

test.describe("SRE health panels", () => {
  // npm test passes the simulator's URL; by hand against `npm run demo` it is :9400.
  const SIM_URL = process.env.SIM_URL ?? "http://127.0.0.1:9400";
  test.afterEach(async ({ request }) => {
    await request.delete(`${SIM_URL}/faults`);
  });

  test("a node whose exporters stop answering is listed under targets down, and throttling GPUs are counted by reason", async ({ page, loginPage, srePage, request }) => {
    // Two faults, each waiting for a scrape to see it.
    test.setTimeout(180_000);
    const sd = await (await request.get(`${SIM_URL}/sd/dcgm`)).json();
    const node = (sd[sd.length - 1].labels.instance as string).split(":")[0]!;
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto("/sre?from=now-5m&to=now");
    const targets = await srePage.reveal("Targets down or missing");
    await expect(targets.locator('[data-state="healthy"]')).toHaveText("Every target answers, and every node has its dcgm-exporter.");

    expect((await request.post(`${SIM_URL}/faults`, { data: { name: "dead-node", target: node, for: "10m" } })).status()).toBe(201);
    // The next scrape fails: refresh until the table lists the node's targets.
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(targets.getByRole("cell", { name: new RegExp(`^${node}:\\d+$`) }).first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await request.delete(`${SIM_URL}/faults`);

    // Throttle reasons, decoded: a thermal fault puts its node's GPUs under "HW thermal slowdown".
    expect((await request.post(`${SIM_URL}/faults`, { data: { name: "thermal-throttle", target: (sd[0].labels.instance as string).split(":")[0], for: "10m" } })).status()).toBe(201);
    const reasons = await srePage.reveal("GPUs throttling now, by reason");
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      const csv = await reasonsCsv();
      expect(Number(/^HW thermal slowdown,(\d+)$/m.exec(csv)?.[1] ?? 0)).toBeGreaterThan(0);
    }).toPass({ timeout: 60_000 });

    async function reasonsCsv(): Promise<string> {
      // Bounded: a download that never comes fails this attempt (toPass tries again) instead of holding it to the deadline.
      const download = page.waitForEvent("download", { timeout: 5_000 });
      await reasons.getByLabel("Menu of GPUs throttling now, by reason").click();
      await reasons.getByRole("menuitem", { name: "Download CSV" }).click();
      const file = await download;
      const stream = await file.createReadStream();
      let text = "";
      for await (const chunk of stream) text += chunk;
      return text;
    }
  });

  test("a GPU that falls off the bus: its node is one short, the GPU is listed by UUID, the missing count says 1", async ({ page, loginPage, srePage, request }) => {
    test.setTimeout(120_000);
    const sd = await (await request.get(`${SIM_URL}/sd/dcgm`)).json();
    const node = (sd[0].labels.instance as string).split(":")[0]!;
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto("/sre?from=now-15m&to=now");
    const short = await srePage.reveal("Nodes with fewer GPUs than expected");
    await expect(short.locator('[data-state="healthy"]')).toHaveText("Every node reports as many GPUs as expected.");

    expect((await request.post(`${SIM_URL}/faults`, { data: { name: "gpu-lost", target: `${node}/2`, for: "10m" } })).status()).toBe(201);
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      // Missing, expected, reporting.
      await expect(short.getByRole("row").filter({ hasText: node }).getByRole("cell")).toContainText([node, /H100/, /^1$/, /^8$/, /^7$/], { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    const missing = await srePage.reveal("GPUs that stopped reporting");
    await expect(missing.getByRole("row").filter({ hasText: node })).toContainText(/GPU-[0-9a-f]{8}-/);
    await expect(missing.getByRole("row")).toHaveCount(2); // the header and the one GPU
    const stat = await srePage.reveal("GPUs missing");
    await expect(stat.getByTestId("stat-value")).toHaveAttribute("data-value", "1");
  });
});
