import { test as base, expect, type Page } from "@playwright/test";
import { LoginPage } from "./pages/login-page";
import { SrePage } from "./pages/sre-page";

/** The demo users the harness seeds (prisma/seed.ts), and their password. */
export const USERS = {
  viewer: "viewer@demo.local",
  developer: "developer@demo.local",
  sre: "sre@demo.local",
  admin: "admin@demo.local",
} as const;
export const PASSWORD = process.env.DEMO_PASSWORD ?? "fleet-demo";

export const test = base.extend<{ loginPage: LoginPage; srePage: SrePage }>({
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  srePage: async ({ page }, use) => use(new SrePage(page)),
});

/** How many GPUs the real Prometheus knows now, asked through the console's own proxy (signed in). */
export async function gpuCount(page: Page): Promise<number> {
  const answer = await page.request.post("/api/prom/default/api/v1/query", { form: { query: "count(count by (Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL))" } });
  return Number((await answer.json()).data.result[0].value[1]);
}

export { expect };
