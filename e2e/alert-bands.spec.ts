import { expect, PASSWORD, test, USERS } from "./fixtures";

// npm test passes the simulator's URL; by hand against `npm run demo` it is :9400.
const SIM_URL = process.env.SIM_URL ?? "http://127.0.0.1:9400";
const ALERTMANAGER_URL = process.env.ALERTMANAGER_URL ?? "http://127.0.0.1:9093";

test.describe("alert bands", () => {
  test.afterEach(async ({ request }) => {
    await request.delete(`${SIM_URL}/faults`);
  });

  test("a fault switched on in the simulator shows its alert as a band on the matching GPU's panel", async ({ page, loginPage, srePage, request }) => {
    // The rule's `for`, then 30 s of band to point at.
    test.setTimeout(180_000);
    const node = await (async () => {
      const sd = await (await request.get(`${SIM_URL}/sd/dcgm`)).json();
      // The second node of the first cluster (not a model server).
      return (sd[1].labels.instance as string).split(":")[0]!;
    })();
    const fault = await request.post(`${SIM_URL}/faults`, { data: { name: "thermal-throttle", target: node, for: "10m" } });
    expect(fault.status()).toBe(201);

    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto("/sre?from=now-15m&to=now");
    const panel = await srePage.reveal("GPU utilization");
    const band = panel.getByRole("list", { name: "Alerts in this range" }).locator('li[data-alertname="GpuThermalThrottling"]');
    // The rule needs its `for` to pass and a refresh to see it: press Refresh until it shows.
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(band.first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(band.first()).toHaveAttribute("title", new RegExp(`${node} GPU \\d`));
    // Only that node's GPUs carry it.
    const titles = await band.evaluateAll((items) => items.map((i) => i.getAttribute("title") ?? ""));
    for (const t of titles) for (const name of t.split(", ")) expect(name.startsWith(`${node} GPU`)).toBe(true);
    // Hovering the chart where the alert is active says which alert, since when, and what it means.
    const at = panel.getByRole("status", { name: "Alerts at the pointer" });
    // Point at the middle of the band: its times (data-from/to-ms) on the chart's time axis (data-x-min/max, grid
    // 56 px left, 16 px right). A band that has just started is a pixel wide: refresh until it spans 30 s.
    const frame = panel.locator("[data-x-min]");
    const span = async () => {
      const [xMin, xMax] = [Number(await frame.getAttribute("data-x-min")), Number(await frame.getAttribute("data-x-max"))];
      const [from, to] = [Number(await band.first().getAttribute("data-from-ms")), Number(await band.first().getAttribute("data-to-ms"))];
      return { xMin, xMax, from: Math.max(from, xMin), to: Math.min(to, xMax) };
    };
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      const s = await span();
      expect(s.to - s.from).toBeGreaterThanOrEqual(30_000);
    }).toPass({ timeout: 90_000, intervals: [5_000] });
    await panel.scrollIntoViewIfNeeded();
    const box = (await panel.getByRole("img", { name: "GPU utilization chart" }).boundingBox())!;
    const s = await span();
    await page.mouse.move(box.x + 56 + (((s.from + s.to) / 2 - s.xMin) / (s.xMax - s.xMin)) * (box.width - 72), box.y + box.height / 2);
    await expect(at).toContainText("GpuThermalThrottling");
    await expect(at).toContainText(node);
    // The band says what the rule says, and leads to the runbook and to a prefilled silence.
    await expect(band.first()).toContainText(node);
    await expect(band.first().getByRole("link", { name: "runbook" })).toHaveAttribute("href", new RegExp(`^/runbooks/for\\?alertname=GpuThermalThrottling&Hostname=${node}&gpu=\\d$`));
    await expect(band.first().getByRole("link", { name: "silence" })).toHaveAttribute("href", new RegExp(`^/silences\\?new=1&matcher=alertname%3D%22GpuThermalThrottling%22.*${node}`));
    // And to the GPU it is about, around the alert's time.
    const gpuLink = band.first().getByRole("link", { name: "GPU", exact: true });
    await expect(gpuLink).toHaveAttribute("href", new RegExp(`^/gpus/${node}%3A\\d\\?from=\\d+&to=\\d+$`));
    // The node runs hot too: its temperature alert's summary says the value, from the rule's query, never "…".
    const temp = await srePage.reveal("GPU die temperature");
    const hot = temp.getByRole("list", { name: "Alerts in this range" }).locator('li[data-alertname="GpuTemperatureHigh"]').first();
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(hot).toContainText(new RegExp(`— GPU \\d on ${node} is at \\d+ °C`), { timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    await expect(temp.getByRole("list", { name: "Alerts in this range" })).not.toContainText("…");
    await gpuLink.click();
    await expect(page.getByRole("heading", { name: new RegExp(`^GPU — ${node} GPU \\d$`), level: 1 })).toBeVisible();
  });

  test("a silence made in Alertmanager (amtool, its UI) is imported, then drawn, hatched and listed on that node's GPUs only", async ({ page, loginPage, srePage, request }) => {
    const sd = await (await request.get(`${SIM_URL}/sd/dcgm`)).json();
    const node = (sd[2].labels.instance as string).split(":")[0]!;
    const now = Date.now();
    const comment = `e2e: fans on ${node} ${now}`;
    const created = await request.post(`${ALERTMANAGER_URL}/api/v2/silences`, {
      data: {
        matchers: [{ name: "Hostname", value: node, isRegex: false, isEqual: true }],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        createdBy: "e2e",
        comment,
      },
    });
    expect(created.status()).toBe(200);
    const { silenceID } = await created.json();
    try {
      await loginPage.signInAs(USERS.sre, PASSWORD);
      // The reconciler imports it within 30 s; an SRE can ask for a pass now.
      const sync = await page.request.post("/api/silences/sync");
      expect(sync.status()).toBe(200);
      const listed = (await (await page.request.get(`/api/silences?q=${encodeURIComponent(comment)}`)).json()).silences as { id: string; origin: string; sync: { amId: string }[] }[];
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ origin: "external", sync: [expect.objectContaining({ amId: silenceID })] });

      await page.goto(`/sre?from=now-5m&to=now&var-node=${node}`);
      const panel = await srePage.reveal("GPU utilization");
      const item = panel.getByRole("list", { name: "Silences in this range" }).locator(`li[data-silence-id="${listed[0]!.id}"]`);
      await expect(item).toContainText(comment);
      await expect(item).toContainText(`Hostname="${node}"`);
      await expect(item).toContainText("8 series");

      await page.goto(`/sre?from=now-5m&to=now&var-node=${(sd[3].labels.instance as string).split(":")[0]}`);
      const other = await srePage.reveal("GPU utilization");
      await expect(srePage.legendItems("GPU utilization").first()).toBeVisible();
      await expect(other.locator(`li[data-silence-id="${listed[0]!.id}"]`)).toHaveCount(0);
    } finally {
      await request.delete(`${ALERTMANAGER_URL}/api/v2/silence/${silenceID}`);
      await page.request.post("/api/silences/sync");
    }
  });

});
