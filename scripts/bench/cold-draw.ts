/**
 * A dashboard page opened cold in Chromium, timed until every panel has drawn: the
 * benchmark's P6 and its "today's main" comparison (scripts/bench/baseline.ts) both read it.
 */
import type { Page } from "@playwright/test";

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** Tall enough that every panel is in view at once (panels query when they come near the viewport; /sre is about 6,600 px). */
export const EVERY_PANEL_IN_VIEW = { width: 1440, height: 12000 };

/** How long one cold load may take before it counts as unfinished (BENCH_DRAW_TIMEOUT_S). */
export const DRAW_TIMEOUT_MS = Number(process.env.BENCH_DRAW_TIMEOUT_S ?? 300) * 1000;

export type Drawn = { finished: true; drawnMs: number } | { finished: false; afterMs: number; stuck: string[] };

/** Signs the page's context in as one of the demo users (prepareDatabase's demo seed). */
export async function signIn(page: Page, email: string, landing: RegExp): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("fleet-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(landing);
}

/**
 * Opens `url` (a page of the signed-in console) and waits until no panel is loading. The time
 * is the page's own clock since navigation started; an unfinished load says which panels
 * were still loading, and where.
 */
export async function drawCold(page: Page, url: string, timeoutMs = DRAW_TIMEOUT_MS): Promise<Drawn> {
  await page.goto(url);
  await page.evaluate(() => performance.setResourceTimingBufferSize(10_000));
  try {
    await page.waitForFunction(
      () => document.querySelectorAll("article.panel").length > 0 && document.querySelectorAll('[data-state="loading"]').length === 0,
      undefined,
      { timeout: timeoutMs, polling: 50 },
    );
  } catch {
    const stuck = await page.evaluate(() =>
      [...document.querySelectorAll("article.panel")]
        .filter((p) => p.querySelector('[data-state="loading"]'))
        .map((p) => `${p.getAttribute("data-panel-id")} at ${Math.round(p.getBoundingClientRect().top)} px`),
    );
    return { finished: false, afterMs: await page.evaluate(() => performance.now()), stuck };
  }
  return { finished: true, drawnMs: await page.evaluate(() => performance.now()) };
}

/** A drawn load's time, or an error naming what never drew. */
export function drawnOrThrow(drawn: Drawn, what: string): number {
  if (drawn.finished) return drawn.drawnMs;
  throw new Error(`${what} not drawn after ${Math.round(drawn.afterMs / 1000)} s: still loading ${drawn.stuck.join(", ")}`);
}
