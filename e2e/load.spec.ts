import { BENCH_PANELS } from "../scripts/bench/dashboard";
import { apiAs, expect, test } from "./fixtures";

/**
 * Issue 11: 100 viewers with the SRE dashboard open, each refreshing its panels every
 * 30 s, for 60 s, through the proxy to the real Prometheus: not one request may fail.
 * (How fast, and how few upstream calls it costs, is measured by `npm run bench`.)
 */
const VIEWERS = 100;
const DURATION_MS = 60_000;
const EVERY_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("100 viewers refreshing the SRE dashboard every 30 s for 60 s: zero failed requests", async ({ baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const viewer = await apiAs("viewer", baseURL!);
  const failures: string[] = [];
  let requests = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: VIEWERS }, async (_, v) => {
      await sleep((v * EVERY_MS) / VIEWERS); // viewers open the page at different moments
      while (Date.now() - started < DURATION_MS) {
        const end = Math.floor(Date.now() / 1000);
        const step = 15;
        const aligned = end - (end % step);
        await Promise.all(
          BENCH_PANELS.map(async (query) => {
            const r = await viewer.post("/api/prom/default/api/v1/query_range", { form: { query, start: String(aligned - 3600), end: String(aligned), step: String(step) }, timeout: 30_000 });
            requests++;
            const body = r.ok() ? await r.json() : null;
            if (!r.ok() || body?.status !== "success") failures.push(`${r.status()} ${query}: ${body?.error ?? (await r.text()).slice(0, 200)}`);
          }),
        );
        await sleep(EVERY_MS);
      }
    }),
  );
  await viewer.dispose();
  testInfo.annotations.push({ type: "requests", description: `${requests} panel requests by ${VIEWERS} viewers in ${Math.round((Date.now() - started) / 1000)} s` });
  expect(failures).toEqual([]);
  expect(requests).toBeGreaterThanOrEqual(VIEWERS * BENCH_PANELS.length); // every viewer refreshed at least once
});
