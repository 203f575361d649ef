import { defineConfig } from "@playwright/test";

/**
 * E2E against a running console (the test harness starts the whole real stack and
 * passes CONSOLE_URL; by hand, `npm run demo` then
 * `CONSOLE_URL=http://localhost:3000 npx playwright test -c e2e/playwright.config.ts`).
 * Debian's Chromium at /usr/bin/chromium; Playwright's own browser downloads are never used.
 */
export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.ts$/,
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  reporter: process.env.PW_JSON_REPORT
    ? [["list"], ["json", { outputFile: process.env.PW_JSON_REPORT }]]
    : [["list"]],
  outputDir: "../.data/test-results",
  use: {
    baseURL: process.env.CONSOLE_URL ?? "http://localhost:3000",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
