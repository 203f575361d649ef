/** Helpers for integration tests against the harness' real Prometheus. */
export async function instantQuery(url: string, query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const r = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await r.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  return body.data.result;
}

/** Waits until Prometheus has scraped every GPU of the test fleet at least twice, and had all of them 10 s ago. */
export async function waitForFleetData(url: string, gpus = 32, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // Every GPU with samples to rate, and reporting 10 s ago too: a file after one whose fault
    // took GPUs away (and that asks a few seconds in the past) finds the whole fleet.
    const [rows, before] = await Promise.all([instantQuery(url, "count(count_over_time(DCGM_FI_DEV_GPU_UTIL[1m]) >= 2)"), instantQuery(url, "count(DCGM_FI_DEV_GPU_UTIL offset 10s)")]);
    if (Number(rows[0]?.value[1] ?? 0) >= gpus && Number(before[0]?.value[1] ?? 0) >= gpus) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Prometheus has no data for ${gpus} GPUs after ${timeoutMs / 1000} s`);
}

/** Polls `probe` until it returns a value (not undefined), or fails naming what it waited for. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}
