import { test as base, expect } from "@playwright/test";
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

export { expect };
