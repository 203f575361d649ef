import { expect, PASSWORD, test, USERS } from "./fixtures";

test("variables: choosing a cluster limits the nodes offered and the panel, in the URL, across a reload", async ({ page, loginPage, srePage }) => {
  await loginPage.signInAs(USERS.sre, PASSWORD);
  const cluster = page.getByRole("combobox", { name: "Cluster" });
  const node = page.getByRole("listbox", { name: "Node" });
  await expect(cluster).toHaveValue("$__all");
  await expect(node.getByRole("option", { name: /^eu-west-gpu-/ }).first()).toBeAttached();

  await cluster.selectOption("us-east");
  await expect(page).toHaveURL(/var-cluster=us-east/);
  await expect(node.getByRole("option", { name: /^eu-west-gpu-/ })).toHaveCount(0);
  await srePage.reveal("GPU utilization");
  const items = srePage.legendItems("GPU utilization");
  await expect(items.first()).toContainText("us-east-gpu-");
  await expect(items.filter({ hasText: "eu-west-gpu-" })).toHaveCount(0);

  await node.selectOption(["us-east-gpu-002"]);
  await expect(page).toHaveURL(/var-node=us-east-gpu-002/);
  await expect(items).toHaveCount(8);

  await page.reload();
  await expect(cluster).toHaveValue("us-east");
  await srePage.reveal("GPU utilization");
  await expect(items).toHaveCount(8);
  await expect(items.first()).toContainText("us-east-gpu-002 GPU");
});

test("a datasource variable sends every panel to the chosen datasource", async ({ page, loginPage, srePage }) => {
  await loginPage.signInAs(USERS.sre, PASSWORD);
  const datasource = page.getByRole("combobox", { name: "Datasource" });
  await expect(datasource).toHaveValue("default");
  await expect(datasource.getByRole("option", { name: "vm" })).toBeAttached();
  const asked = page.waitForRequest((r) => r.url().includes("/api/prom/vm/api/v1/query_range"));
  await datasource.selectOption("vm");
  await expect(page).toHaveURL(/var-datasource=vm/);
  await srePage.reveal("GPU utilization");
  await asked;
  await expect(srePage.legendItems("GPU utilization").first()).toContainText(/gpu-\d{3} GPU \d/);
  const panel = srePage.panel("GPU utilization");
  await panel.getByLabel("Menu of GPU utilization").click();
  await panel.getByRole("menuitem", { name: "Inspect query" }).click();
  await expect(page.getByRole("dialog", { name: "Inspect GPU utilization" })).toContainText("datasource vm");
});


test("one replica of an HA pair down: the panel draws the other's data and says it is partial", async ({ page, loginPage, srePage }) => {
  // Integration tests stop replica b already; stopping it here too keeps this test whole on its own.
  try {
    process.kill(Number(process.env.HA_B_PID), "SIGKILL");
  } catch {
    // already gone
  }
  await expect.poll(() => fetch(`${process.env.HA_B_URL}/-/ready`).then((r) => r.ok).catch(() => false)).toBe(false);
  await loginPage.signInAs(USERS.sre, PASSWORD);
  await page.goto("/sre?var-datasource=ha");
  await srePage.reveal("GPU utilization");
  await expect(srePage.legendItems("GPU utilization").first()).toContainText(/gpu-\d{3} GPU \d/);
  const panel = srePage.panel("GPU utilization");
  await expect(panel.locator('[data-state="error"]')).toHaveCount(0);
  await expect(panel.getByRole("status").filter({ hasText: "Partial data" })).toContainText(/replica ha\/replica-2 failed: datasource "ha\/replica-2" is unreachable/);
});
