import type { Concern, SilenceReview } from "./guardrails";
import type { SilenceInput, SilenceState, SilenceView } from "./schema";
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

export interface SilenceHistoryEntry {
  action: string;
  by: string;
  at: number;
  before: unknown;
  after: unknown;
}

async function send<T>(url: string, init: RequestInit & { idempotencyKey?: string } = {}): Promise<T> {
  const headers: Record<string, string> = init.body ? { "content-type": "application/json" } : {};
  if (init.idempotencyKey) headers["idempotency-key"] = init.idempotencyKey;
  const response = await fetch(url, { ...init, credentials: "same-origin", headers });
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string; current?: SilenceView; changed?: string[]; concerns?: Concern[] } }) | null;
  if (!response.ok) {
    const e = body?.error;
    throw new SilenceApiError(e?.message ?? `HTTP ${response.status}`, response.status, e?.current ?? null, e?.changed ?? [], e?.concerns ?? []);
  }
  return body as T;
}

export const silenceApi = {
  list: (q: { state?: SilenceState; q?: string }, init: { signal?: AbortSignal } = {}) => {
    const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]);
    return send<{ silences: SilenceView[] }>(`/api/silences?${params}`, { signal: init.signal }).then((b) => b.silences);
  },
  get: (id: string, init: { signal?: AbortSignal } = {}) => send<{ silence: SilenceView; history: SilenceHistoryEntry[] }>(`/api/silences/${encodeURIComponent(id)}`, { signal: init.signal }),
  /** With the form's idempotency key: a save sent twice (a retry, a double submit) makes one silence. */
  create: (input: SilenceInput, idempotencyKey?: string) => send<{ silence: SilenceView }>("/api/silences", { method: "POST", body: JSON.stringify(input), idempotencyKey }).then((b) => b.silence),
  update: (id: string, input: SilenceInput & { version: number }) =>
    send<{ silence: SilenceView }>(`/api/silences/${encodeURIComponent(id)}`, { method: "PUT", body: JSON.stringify(input) }).then((b) => b.silence),
  preview: (input: Pick<SilenceInput, "matchers" | "endsAt">, init: { signal?: AbortSignal } = {}) =>
    send<SilenceReview>("/api/silences/preview", { method: "POST", body: JSON.stringify(input), signal: init.signal }),
  extend: (id: string, version: number, by: "1h" | "4h" | "1d") =>
    send<{ silence: SilenceView }>(`/api/silences/${encodeURIComponent(id)}/extend`, { method: "POST", body: JSON.stringify({ version, by }) }).then((b) => b.silence),
  expire: (id: string, version: number) =>
    send<{ silence: SilenceView }>(`/api/silences/${encodeURIComponent(id)}/expire`, { method: "POST", body: JSON.stringify({ version }) }).then((b) => b.silence),
};

/** A fresh idempotency key (crypto.randomUUID needs a secure context; plain http on a LAN address is not one). */
export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export const silenceQueryKeys = queryKeys.silences;
