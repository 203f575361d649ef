import type { ConsoleAlert } from "@/lib/alerting/alerts";
import { errorFromResponse } from "@/lib/api/client-errors";
import { queryKeys } from "@/lib/query-keys";

export interface AlertsPayload {
  alerts: (ConsoleAlert & { silences: { amId: string; silenceId: string | null }[] })[];
  errors: { source: string; message: string }[];
  alertmanagers: string[];
}

/** The browser's side of /api/alerts (?filter=team=ml …). */
export async function fetchAlerts(filters: string[], init: { signal?: AbortSignal } = {}): Promise<AlertsPayload> {
  const params = new URLSearchParams(filters.map((f) => ["filter", f]));
  const response = await fetch(`/api/alerts?${params}`, { signal: init.signal, credentials: "same-origin" });
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as AlertsPayload;
}

export const alertKeys = queryKeys.alerts;

/** The Alertmanagers' errors of an answer, and whether none of them answered (then "not firing" would be a guess). */
export function alertmanagerOutage(payload: AlertsPayload): { down: boolean; errors: AlertsPayload["errors"] } {
  const errors = payload.errors.filter((e) => e.source.startsWith("Alertmanager"));
  return { down: payload.alertmanagers.length > 0 && errors.length >= payload.alertmanagers.length, errors };
}
