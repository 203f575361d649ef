import { z } from "zod";
import { GpuPriceRowSchema, type GpuPrice, type GpuPriceRow } from "./schema";

/** The browser's side of /api/prices; errors carry the server's "field: message". */
async function failure(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return new Error(body?.error?.message ?? `HTTP ${response.status}`);
}

const Answer = z.object({ prices: z.array(GpuPriceRowSchema) });

export async function fetchPrices(init: { signal?: AbortSignal } = {}): Promise<GpuPriceRow[]> {
  const response = await fetch("/api/prices", { signal: init.signal, credentials: "same-origin" });
  if (!response.ok) throw await failure(response);
  return Answer.parse(await response.json()).prices;
}

export async function putPrices(prices: GpuPrice[]): Promise<GpuPriceRow[]> {
  const response = await fetch("/api/prices", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ prices }), credentials: "same-origin" });
  if (!response.ok) throw await failure(response);
  return Answer.parse(await response.json()).prices;
}

export const priceKeys = { all: ["gpu-prices"] as const };
