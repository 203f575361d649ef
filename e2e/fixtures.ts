import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test as base, expect, request as playwrightRequest, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
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

/** Scrolls through every panel and waits until each has drawn: no error, no "no data", no skeleton. */
export async function everyPanelDraws(page: Page) {
  const panels = page.locator("article.panel");
  await expect(panels.first()).toBeVisible();
  const count = await panels.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const panel = panels.nth(i);
    await panel.scrollIntoViewIfNeeded();
    const title = await panel.getByRole("heading").first().textContent();
    await expect(panel.locator('[data-state="loading"]'), `${title} still loading`).toHaveCount(0, { timeout: 20_000 });
    await expect(panel.locator('[data-state="error"]'), `${title} failed`).toHaveCount(0);
    await expect(panel.locator('[data-state="empty"]'), `${title} has no data`).toHaveCount(0);
  }
}

/**
 * A 1440×900 screenshot of a dashboard as a test artifact: a file under
 * .data/screenshots/ (kept after the run, one per dashboard, overwritten by the next
 * run) and an attachment of the test.
 */
export async function screenshotArtifact(page: Page, testInfo: TestInfo, name: string) {
  const dir = process.env.SCREENSHOT_DIR ?? path.join(import.meta.dirname, "../.data/screenshots");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/**
 * An API client signed in through next-auth's credentials endpoint, as a browser would
 * (CSRF token, then the form): a demo role, any e-mail with its password, or no session.
 */
export async function apiAs(who: keyof typeof USERS | { email: string; password: string } | null, baseURL: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL });
  if (who === null) return api;
  const { email, password } = typeof who === "string" ? { email: USERS[who], password: PASSWORD } : who;
  const csrf = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signIn = await api.post("/api/auth/callback/credentials", { form: { csrfToken: csrf.csrfToken, email, password, json: "true" }, maxRedirects: 0 });
  expect(signIn.status(), `sign-in as ${email}`).toBeLessThan(400);
  const session = await (await api.get("/api/auth/session")).json();
  expect(session.user?.email, `signed in as ${email}`).toBe(email);
  return api;
}

/** `npm run token:create` as a user would run it; returns the printed token. */
export function createToken(args: string[]): string {
  const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, "../scripts/token.ts"), "create", ...args], {
    cwd: path.resolve(import.meta.dirname, ".."),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return out.trim().split("\n").at(-1)!;
}
