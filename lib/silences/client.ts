import { z } from "zod";
import { parseAnswer } from "@/lib/api/client-errors";
import { ConcernSchema, SilenceReviewSchema, type Concern } from "./guardrails";
import { SilenceViewSchema, type SilenceInput, type SilenceState, type SilenceView } from "./schema";
import { queryKeys } from "@/lib/query-keys";

/** The browser's side of /api/silences. A refused save carries the status, and for a 409 the silence as it is now and what changed. */
export class SilenceApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly current: SilenceView | null = null,
    readonly changed: string[] = [],
    /** A broad silence refused without a confirmation: why it needs one. */
    readonly concerns: Concern[] = [],
  ) {
    super(message);
  }
}

/** A refusal's body: the server's message, and for a 409 the silence as it is now and what changed, for a broad silence why. */
const RefusalSchema = z.object({
  error: z.object({ message: z.string().optional(), current: SilenceViewSchema.optional(), changed: z.array(z.string()).optional(), concerns: z.array(ConcernSchema).optional() }),
});

async function send<S extends z.ZodType>(schema: S, url: string, init: RequestInit & { idempotencyKey?: string } = {}): Promise<z.output<S>> {
  const headers: Record<string, string> = init.body ? { "content-type": "application/json" } : {};
  if (init.idempotencyKey) headers["idempotency-key"] = init.idempotencyKey;
  const response = await fetch(url, { ...init, credentials: "same-origin", headers });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const e = RefusalSchema.safeParse(body).data?.error;
    throw new SilenceApiError(e?.message ?? `HTTP ${response.status}`, response.status, e?.current ?? null, e?.changed ?? [], e?.concerns ?? []);
  }
  return parseAnswer(schema, body, url);
}

const One = z.object({ silence: SilenceViewSchema });
const HistoryEntrySchema = z.object({ action: z.string(), by: z.string(), at: z.number(), before: z.unknown(), after: z.unknown() });
export type SilenceHistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const silenceApi = {
  list: (q: { state?: SilenceState; q?: string }, init: { signal?: AbortSignal } = {}) => {
    const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]);
    return send(z.object({ silences: z.array(SilenceViewSchema) }), `/api/silences?${params}`, { signal: init.signal }).then((b) => b.silences);
  },
  get: (id: string, init: { signal?: AbortSignal } = {}) => send(One.extend({ history: z.array(HistoryEntrySchema) }), `/api/silences/${encodeURIComponent(id)}`, { signal: init.signal }),
  /** With the form's idempotency key: a save sent twice (a retry, a double submit) makes one silence. */
  create: (input: SilenceInput, idempotencyKey?: string) => send(One, "/api/silences", { method: "POST", body: JSON.stringify(input), idempotencyKey }).then((b) => b.silence),
  update: (id: string, input: SilenceInput & { version: number }) => send(One, `/api/silences/${encodeURIComponent(id)}`, { method: "PUT", body: JSON.stringify(input) }).then((b) => b.silence),
  preview: (input: Pick<SilenceInput, "matchers" | "endsAt">, init: { signal?: AbortSignal } = {}) =>
    send(SilenceReviewSchema, "/api/silences/preview", { method: "POST", body: JSON.stringify(input), signal: init.signal }),
  extend: (id: string, version: number, by: "1h" | "4h" | "1d") =>
    send(One, `/api/silences/${encodeURIComponent(id)}/extend`, { method: "POST", body: JSON.stringify({ version, by }) }).then((b) => b.silence),
  expire: (id: string, version: number) => send(One, `/api/silences/${encodeURIComponent(id)}/expire`, { method: "POST", body: JSON.stringify({ version }) }).then((b) => b.silence),
};

/** A fresh idempotency key (crypto.randomUUID needs a secure context; plain http on a LAN address is not one). */
export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export const silenceQueryKeys = queryKeys.silences;
