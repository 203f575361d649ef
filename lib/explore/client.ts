import { z } from "zod";
import { HistoryEntrySchema, type HistoryEntry, type HistoryInput } from "./schema";

/** The browser's side of /api/explore/history. */
async function failure(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return new Error(body?.error?.message ?? `HTTP ${response.status}`);
}

export async function fetchHistory(init: { signal?: AbortSignal } = {}): Promise<HistoryEntry[]> {
  const response = await fetch("/api/explore/history", { signal: init.signal, credentials: "same-origin" });
  if (!response.ok) throw await failure(response);
  return z.object({ history: z.array(HistoryEntrySchema) }).parse(await response.json()).history;
}

export async function saveHistory(input: HistoryInput): Promise<HistoryEntry> {
  const response = await fetch("/api/explore/history", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
    credentials: "same-origin",
  });
  if (!response.ok) throw await failure(response);
  return z.object({ entry: HistoryEntrySchema }).parse(await response.json()).entry;
}

export const historyKeys = { all: ["explore-history"] as const };
