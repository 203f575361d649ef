import { z } from "zod";
import { parseAnswer } from "@/lib/api/client-errors";
import { ConcernSchema, type Concern } from "@/lib/silences/guardrails";
import { MaintenanceViewSchema, type MaintenanceInput } from "./model";
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

const RefusalSchema = z.object({ error: z.object({ message: z.string().optional(), concerns: z.array(ConcernSchema).optional() }) });

async function send<S extends z.ZodType>(schema: S, url: string, init: RequestInit = {}): Promise<z.output<S>> {
  const response = await fetch(url, { ...init, credentials: "same-origin", headers: init.body ? { "content-type": "application/json" } : undefined });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const e = RefusalSchema.safeParse(body).data?.error;
    throw new MaintenanceApiError(e?.message ?? `HTTP ${response.status}`, response.status, e?.concerns ?? []);
  }
  return parseAnswer(schema, body, url);
}

const One = z.object({ window: MaintenanceViewSchema });

export const maintenanceApi = {
  list: (init: { signal?: AbortSignal } = {}) => send(z.object({ windows: z.array(MaintenanceViewSchema) }), "/api/maintenance", { signal: init.signal }).then((b) => b.windows),
  create: (input: MaintenanceInput) => send(One, "/api/maintenance", { method: "POST", body: JSON.stringify(input) }).then((b) => b.window),
  update: (id: string, input: MaintenanceInput & { version: number }) =>
    send(One, `/api/maintenance/${encodeURIComponent(id)}`, { method: "PUT", body: JSON.stringify(input) }).then((b) => b.window),
  remove: (id: string, version: number) => send(z.object({ deleted: z.string() }), `/api/maintenance/${encodeURIComponent(id)}`, { method: "DELETE", body: JSON.stringify({ version }) }),
};

export const maintenanceKeys = queryKeys.maintenance;
