import type { Concern } from "@/lib/silences/guardrails";
import type { MaintenanceInput, MaintenanceView } from "./model";
import { queryKeys } from "@/lib/query-keys";

/** The browser's side of /api/maintenance; a refused save says which field, or (a broad window) why it needs a confirmation. */
export class MaintenanceApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly concerns: Concern[] = [],
  ) {
    super(message);
  }
}

async function send<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, credentials: "same-origin", headers: init.body ? { "content-type": "application/json" } : undefined });
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string; concerns?: Concern[] } }) | null;
  if (!response.ok) throw new MaintenanceApiError(body?.error?.message ?? `HTTP ${response.status}`, response.status, body?.error?.concerns ?? []);
  return body as T;
}

export const maintenanceApi = {
  list: (init: { signal?: AbortSignal } = {}) => send<{ windows: MaintenanceView[] }>("/api/maintenance", { signal: init.signal }).then((b) => b.windows),
  create: (input: MaintenanceInput) => send<{ window: MaintenanceView }>("/api/maintenance", { method: "POST", body: JSON.stringify(input) }).then((b) => b.window),
  update: (id: string, input: MaintenanceInput & { version: number }) =>
    send<{ window: MaintenanceView }>(`/api/maintenance/${encodeURIComponent(id)}`, { method: "PUT", body: JSON.stringify(input) }).then((b) => b.window),
  remove: (id: string, version: number) => send<{ deleted: string }>(`/api/maintenance/${encodeURIComponent(id)}`, { method: "DELETE", body: JSON.stringify({ version }) }),
};

export const maintenanceKeys = queryKeys.maintenance;
