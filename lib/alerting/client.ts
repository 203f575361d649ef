import { z } from "zod";
import { errorFromResponse } from "@/lib/api/client-errors";
import { effectiveEnd, SilenceViewSchema, type SilenceView } from "@/lib/silences/schema";
import type { Silence } from "./silences";
import { queryKeys } from "@/lib/query-keys";

/**
 * The browser's side of /api/silences (Postgres, the source of truth, kept in step with
 * Alertmanager), in the shape the bands and lists read: Alertmanager's.
 */
export async function fetchSilences(init: { signal?: AbortSignal } = {}): Promise<Silence[]> {
  const response = await fetch("/api/silences", { signal: init.signal, credentials: "same-origin" });
  if (!response.ok) throw await errorFromResponse(response);
  const { silences } = z.object({ silences: z.array(SilenceViewSchema) }).parse(await response.json());
  return silences.map(asAlertmanagerSilence);
}

export function asAlertmanagerSilence(s: SilenceView): Silence {
  return {
    id: s.id,
    status: { state: s.state },
    matchers: s.matchers,
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(effectiveEnd(s)).toISOString(),
    createdBy: s.createdBy,
    comment: s.comment,
  };
}

export const silenceKeys = queryKeys.alertmanagerSilences;
