import { z } from "zod";
import { callJson } from "@/lib/api/client-errors";
import { queryKeys } from "@/lib/query-keys";
import { RunbookRevisionSchema, RunbookSchema, type RunbookInput } from "./model";
import { RunbookHitSchema, type SearchFilters } from "./search";

/** The browser's side of /api/runbooks; errors carry the server's "field: message". */
export const runbookKeys = queryKeys.runbooks;

export function searchParamsOf(filters: SearchFilters): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== "").map(([k, v]) => [k, String(v)]));
}

export const searchRunbooks = (filters: SearchFilters, signal?: AbortSignal) => callJson(z.object({ runbooks: z.array(RunbookHitSchema) }), `/api/runbooks?${searchParamsOf(filters)}`, { signal });
export const fetchRevisions = (slug: string, signal?: AbortSignal) => callJson(z.object({ revisions: z.array(RunbookRevisionSchema) }), `/api/runbooks/${encodeURIComponent(slug)}/revisions`, { signal });

const SaveAnswerSchema = z.object({ runbook: RunbookSchema, changed: z.boolean(), created: z.boolean() });
export type SaveAnswer = z.infer<typeof SaveAnswerSchema>;

export function saveRunbook(runbook: RunbookInput, opts: { revision?: number; message: string }): Promise<SaveAnswer> {
  const body = JSON.stringify({ runbook, revision: opts.revision, message: opts.message });
  return opts.revision === undefined
    ? callJson(SaveAnswerSchema, "/api/runbooks", { method: "POST", body })
    : callJson(SaveAnswerSchema, `/api/runbooks/${encodeURIComponent(runbook.slug)}`, { method: "PUT", body });
}

export const restoreRevision = (slug: string, revision: number, current: number) =>
  callJson(SaveAnswerSchema, `/api/runbooks/${encodeURIComponent(slug)}/revisions/${revision}/restore`, { method: "POST", body: JSON.stringify({ revision: current }) });
