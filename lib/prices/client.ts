import { z } from "zod";
import { errorFromResponse } from "@/lib/api/client-errors";
import { GpuPriceRowSchema, type GpuPrice, type GpuPriceRow } from "./schema";
import { queryKeys } from "@/lib/query-keys";

/** The browser's side of /api/prices; errors carry the server's "field: message". */
const Answer = z.object({ prices: z.array(GpuPriceRowSchema) });

export async function fetchPrices(init: { signal?: AbortSignal } = {}): Promise<GpuPriceRow[]> {
  const response = await fetch("/api/prices", { signal: init.signal, credentials: "same-origin" });
  if (!response.ok) throw await errorFromResponse(response);
  return Answer.parse(await response.json()).prices;
}

export async function putPrices(prices: GpuPrice[]): Promise<GpuPriceRow[]> {
  const response = await fetch("/api/prices", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ prices }), credentials: "same-origin" });
  if (!response.ok) throw await errorFromResponse(response);
  return Answer.parse(await response.json()).prices;
}

export const priceKeys = queryKeys.prices;
