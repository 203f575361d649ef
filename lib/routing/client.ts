import { z } from "zod";
import { callJson as call } from "@/lib/api/client-errors";
import { RoutingPreviewSchema, RoutingStateSchema, RoutingVersionViewSchema, type Preview, type RoutingModelEdit, type RoutingState, type RoutingVersionView } from "./model";
import { queryKeys } from "@/lib/query-keys";

export const routingKeys = queryKeys.routing;

const VersionAnswer = z.object({ version: RoutingVersionViewSchema });
export const fetchRouting = (signal?: AbortSignal) => call(RoutingStateSchema, "/api/routing", { signal });
export const putRouting = (revision: number, model: RoutingModelEdit) => call(RoutingStateSchema, "/api/routing", { method: "PUT", body: JSON.stringify({ revision, model }) });
export const putReceiver = (revision: number, receiver: RoutingModelEdit["receivers"][number]) =>
  call(RoutingStateSchema, `/api/routing/receivers/${encodeURIComponent(receiver.name)}`, { method: "PUT", body: JSON.stringify({ revision, receiver }) });
export const fetchPreview = (signal?: AbortSignal) => call(RoutingPreviewSchema, "/api/routing/preview", { signal });
export const applyRouting = (revision: number, message: string) =>
  call(VersionAnswer, "/api/routing/apply", { method: "POST", body: JSON.stringify({ revision, ...(message ? { message } : {}) }) });
export const fetchVersions = (signal?: AbortSignal) => call(z.object({ versions: z.array(RoutingVersionViewSchema) }), "/api/routing/versions", { signal });
export const rollbackTo = (id: number) => call(VersionAnswer, `/api/routing/versions/${id}/rollback`, { method: "POST" });

export type { Preview, RoutingState, RoutingVersionView };
