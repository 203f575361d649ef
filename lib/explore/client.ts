import { z } from "zod";
import { errorFromResponse } from "@/lib/api/client-errors";
import { HistoryEntrySchema, type HistoryEntry, type HistoryInput } from "./schema";
import { queryKeys } from "@/lib/query-keys";

/** The browser's side of /api/explore/history; errors carry the server's "field: message". */
export async function fetchHistory(init: { signal?: AbortSignal } = {}): Promise<HistoryEntry[]> {
  const response = await fetch("/api/explore/history", { signal: init.signal, credentials: "same-origin" });
  if (!response.ok) throw await errorFromResponse(response);
  return z.object({ history: z.array(HistoryEntrySchema) }).parse(await response.json()).history;
}

export async function saveHistory(input: HistoryInput): Promise<HistoryEntry> {
  const response = await fetch("/api/explore/history", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
    credentials: "same-origin",
  });
  if (!response.ok) throw await errorFromResponse(response);
  return z.object({ entry: HistoryEntrySchema }).parse(await response.json()).entry;
}

export const historyKeys = queryKeys.exploreHistory;
