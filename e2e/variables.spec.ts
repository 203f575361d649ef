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
