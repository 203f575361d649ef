import { callJson as call } from "@/lib/api/client-errors";
import type { RoutingVersionView } from "./model";
import type { RoutingModelEdit } from "./model";
import type { Preview, RoutingState } from "./service";
import { queryKeys } from "@/lib/query-keys";

export const routingKeys = queryKeys.routing;

export const fetchRouting = (signal?: AbortSignal) => call<RoutingState>("/api/routing", { signal });
export const putRouting = (revision: number, model: RoutingModelEdit) => call<RoutingState>("/api/routing", { method: "PUT", body: JSON.stringify({ revision, model }) });
export const putReceiver = (revision: number, receiver: RoutingModelEdit["receivers"][number]) =>
  call<RoutingState>(`/api/routing/receivers/${encodeURIComponent(receiver.name)}`, { method: "PUT", body: JSON.stringify({ revision, receiver }) });
export const fetchPreview = (signal?: AbortSignal) => call<Preview>("/api/routing/preview", { signal });
export const applyRouting = (revision: number, message: string) =>
  call<{ version: RoutingVersionView }>("/api/routing/apply", { method: "POST", body: JSON.stringify({ revision, ...(message ? { message } : {}) }) });
export const fetchVersions = (signal?: AbortSignal) => call<{ versions: RoutingVersionView[] }>("/api/routing/versions", { signal });
export const rollbackTo = (id: number) => call<{ version: RoutingVersionView }>(`/api/routing/versions/${id}/rollback`, { method: "POST" });

export type { Preview, RoutingState, RoutingVersionView };
