import { z } from "zod";
import { SilencesSchema, type Silence } from "./silences";

/** The browser's side of /api/alertmanager/silences. */
export async function fetchSilences(init: { signal?: AbortSignal } = {}): Promise<Silence[]> {
  const response = await fetch("/api/alertmanager/silences", { signal: init.signal, credentials: "same-origin" });
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) throw new Error((body as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${response.status}`);
  return z.object({ silences: SilencesSchema }).parse(body).silences;
}

export const silenceKeys = { all: ["silences"] as const };
