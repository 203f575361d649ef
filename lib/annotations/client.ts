import { z } from "zod";
import { errorFromResponse } from "@/lib/api/client-errors";
import { queryKeys } from "@/lib/query-keys";
import { AnnotationSchema, type Annotation, type AnnotationInput } from "./schema";

/** The browser's side of /api/annotations; errors carry the server's "field: message". */
export class AnnotationError extends Error {}

export async function fetchAnnotations(q: { from: number; to: number; dashboardId: string }, init: { signal?: AbortSignal } = {}): Promise<Annotation[]> {
  const params = new URLSearchParams({ from: String(Math.floor(q.from)), to: String(Math.ceil(q.to)), dashboardId: q.dashboardId });
  const response = await fetch(`/api/annotations?${params}`, { signal: init.signal, credentials: "same-origin" });
  if (!response.ok) throw await errorFromResponse(response, (m) => new AnnotationError(m));
  return z.object({ annotations: z.array(AnnotationSchema) }).parse(await response.json()).annotations;
}

export async function postAnnotation(input: AnnotationInput): Promise<Annotation> {
  const response = await fetch("/api/annotations", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
    credentials: "same-origin",
  });
  if (!response.ok) throw await errorFromResponse(response, (m) => new AnnotationError(m));
  return z.object({ annotation: AnnotationSchema }).parse(await response.json()).annotation;
}

export async function removeAnnotation(id: string): Promise<void> {
  const response = await fetch(`/api/annotations/${encodeURIComponent(id)}`, { method: "DELETE", credentials: "same-origin" });
  if (!response.ok) throw await errorFromResponse(response, (m) => new AnnotationError(m));
}

export const annotationKeys = queryKeys.annotations;
