import { expect, PASSWORD, test, USERS } from "./fixtures";

test.describe("annotations", () => {
  test("an SRE shift-drags across a chart to annotate a range; it is stored, shown after a reload, and can be deleted", async ({ page, loginPage, srePage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.goto("/sre?from=now-10m&to=now");
    const panel = await srePage.reveal("GPU utilization");
    const chart = panel.getByRole("img", { name: "GPU utilization chart" });
    await expect(chart).not.toHaveAttribute("data-rendered", "0");
    const box = (await chart.boundingBox())!;
    await page.keyboard.down("Shift");
    await page.mouse.move(box.x + box.width * 0.4, box.y + 60);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + 60, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up("Shift");
    // Shift-drag does not zoom.
    await expect(page).toHaveURL(/from=now-10m&to=now/);

    const form = page.getByRole("form", { name: "New annotation" });
    await expect(form.getByTestId("annotation-when")).toContainText("→");
    const text = `driver rollout ${Date.now()}`;
    await form.getByLabel("What happened").fill(text);
    await form.getByLabel("Tags (comma-separated)").fill("deploy, e2e");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form).toHaveCount(0);

    const list = page.getByRole("list", { name: "Annotations in this range" });
    const item = list.getByRole("listitem").filter({ hasText: text });
    await expect(item).toContainText("Sam SRE");
    await expect(item).toContainText("deploy");
    await page.reload();
    await expect(item).toBeVisible();
    await item.getByRole("button", { name: `Delete annotation ${text}` }).click();
    await expect(item).toHaveCount(0);
  });

  test("the form names the field that is wrong, and nothing is saved", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.sre, PASSWORD);
    await page.getByRole("button", { name: "+ Annotation" }).click();
    const form = page.getByRole("form", { name: "New annotation" });
    await form.getByLabel("Tags (comma-separated)").fill("has space");
    await form.getByLabel("What happened").fill("x");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByRole("alert")).toContainText("tags:");
    await form.getByLabel("Tags (comma-separated)").fill("");
    await form.getByLabel("What happened").fill("   ");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByRole("alert")).toHaveText("text: write what happened");
  });

  test("the API: viewers read but may not write; a reversed range is refused by field", async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS.viewer, PASSWORD, /\/overview$/);
    const now = Date.now();
    const read = await page.request.get(`/api/annotations?from=${now - 3_600_000}&to=${now}`);
    expect(read.status()).toBe(200);
    expect(Array.isArray((await read.json()).annotations)).toBe(true);
    const write = await page.request.post("/api/annotations", { data: { startsAt: now, text: "nope" } });
    expect(write.status()).toBe(403);

    await page.context().clearCookies();
    await loginPage.signInAs(USERS.sre, PASSWORD);
    const bad = await page.request.post("/api/annotations", { data: { startsAt: now, endsAt: now - 1000, text: "backwards" } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.message).toBe("endsAt: before startsAt");
    const count = await page.request.get(`/api/annotations?from=${now - 1000}&to=${now + 1000}`);
    expect((await count.json()).annotations.filter((a: { text: string }) => a.text === "backwards")).toHaveLength(0);
  });
});
