import { expect, PASSWORD, test, USERS } from "./fixtures";

/** Issue 6's table: where each role lands, what its navigation offers, what the server refuses it. */
const TABLE = {
  viewer: { home: "/overview", nav: ["Overview", "Capacity", "Runbooks"], refused: ["/runbooks/new", "/sre", "/developer", "/explore", "/alerts", "/silences", "/maintenance", "/routing", "/routing/test", "/nodes/eu-west-gpu-001", "/gpus/GPU-x", "/settings/prices", "/admin/users", "/admin/audit"] },
  developer: { home: "/developer", nav: ["Overview", "Developer", "Explore", "Alerts", "Silences", "Maintenance", "Runbooks", "Routing"], refused: ["/sre", "/capacity", "/console", "/routing/test", "/nodes/eu-west-gpu-001", "/gpus/GPU-x", "/settings/prices"] },
  sre: { home: "/sre", nav: ["Overview", "SRE", "Developer", "Capacity", "Explore", "Alerts", "Silences", "Maintenance", "Runbooks", "Routing", "Console"], refused: ["/settings/prices", "/admin/users", "/admin/teams", "/admin/audit"] },
  admin: { home: "/sre", nav: ["Overview", "SRE", "Developer", "Capacity", "Explore", "Alerts", "Silences", "Maintenance", "Runbooks", "Routing", "Console", "GPU prices", "Admin"], refused: [] },
} as const;

for (const [role, want] of Object.entries(TABLE)) {
  test(`a ${role} lands on ${want.home}, sees only what it may open, and the server refuses the rest`, async ({ page, loginPage }) => {
    await loginPage.signInAs(USERS[role as keyof typeof USERS], PASSWORD, new RegExp(`${want.home}$`));
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText([...want.nav]);
    for (const path of want.refused) {
      // The server answers with a redirect to /forbidden, whatever the navigation shows.
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(307);
      expect(response.headers()["location"], path).toMatch(/^\/forbidden\?page=/);
      await page.goto(path);
      await expect(page).toHaveURL(/\/forbidden\?page=/);
      await expect(page.getByRole("heading", { name: /403/ })).toBeVisible();
    }
  });
}
