import { z } from "zod";
import { ConsoleAlertSchema } from "@/lib/alerting/alerts";
import { errorFromResponse, readAnswer } from "@/lib/api/client-errors";
import { queryKeys } from "@/lib/query-keys";

const AlertsPayloadSchema = z.object({
  alerts: z.array(ConsoleAlertSchema.extend({ silences: z.array(z.object({ amId: z.string(), silenceId: z.string().nullable() })) })),
  errors: z.array(z.object({ source: z.string(), message: z.string() })),
  alertmanagers: z.array(z.string()),
});
export type AlertsPayload = z.infer<typeof AlertsPayloadSchema>;

/** The browser's side of /api/alerts (?filter=team=ml …). */
export async function fetchAlerts(filters: string[], init: { signal?: AbortSignal } = {}): Promise<AlertsPayload> {
  const params = new URLSearchParams(filters.map((f) => ["filter", f]));
  const response = await fetch(`/api/alerts?${params}`, { signal: init.signal, credentials: "same-origin" });
  if (!response.ok) throw await errorFromResponse(response);
  return readAnswer(AlertsPayloadSchema, response);
}

export const alertKeys = queryKeys.alerts;

/** The Alertmanagers' errors of an answer, and whether none of them answered (then "not firing" would be a guess). */
export function alertmanagerOutage(payload: AlertsPayload): { down: boolean; errors: AlertsPayload["errors"] } {
  const errors = payload.errors.filter((e) => e.source.startsWith("Alertmanager"));
  return { down: payload.alertmanagers.length > 0 && errors.length >= payload.alertmanagers.length, errors };
}
