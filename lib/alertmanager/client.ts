import "server-only";
import { z } from "zod";
import { AmAlertSchema, type AmAlert } from "@/lib/alerting/alerts";
import { SilenceSchema, type Matcher } from "@/lib/alerting/silences";

/**
 * The console's one Alertmanager client, one Alertmanager at a time: silences (the sync
 * engine calls it for each configured one), alerts, its status and running config, reload
 * and readiness. Errors are thrown as AlertmanagerError with what Alertmanager said, so
 * the outbox (and the routing's failed versions) can keep it.
 */
export class AlertmanagerError extends Error {}

const AmSilenceSchema = SilenceSchema.extend({ updatedAt: z.string().optional() });
export type AmSilence = z.infer<typeof AmSilenceSchema>;

const TIMEOUT_MS = 5_000;

async function call(url: string, init: RequestInit = {}, timeoutMs = TIMEOUT_MS): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(timeoutMs), cache: "no-store" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    // The code kept as the cause too (the health check reports it as is: "ECONNREFUSED").
    throw new AlertmanagerError(`unreachable (${cause ?? (error as Error).message})`, cause ? { cause: { code: cause } } : undefined);
  }
}

async function failure(response: Response): Promise<AlertmanagerError> {
  const text = (await response.text().catch(() => "")).trim().slice(0, 300);
  return new AlertmanagerError(`HTTP ${response.status}${text ? `: ${text}` : ""}`);
}

export async function amListSilences(base: string): Promise<AmSilence[]> {
  const response = await call(`${base}/api/v2/silences`);
  if (!response.ok) throw await failure(response);
  const parsed = z.array(AmSilenceSchema).safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new AlertmanagerError("the answer is not a list of silences");
  return parsed.data;
}

/** Creates (no id) or updates (id) a silence; Alertmanager answers the id it now has (a new one when it could not update in place). */
export async function amPostSilence(
  base: string,
  silence: { id?: string | null; matchers: Matcher[]; startsAt: Date; endsAt: Date; createdBy: string; comment: string },
): Promise<string> {
  const body = {
    ...(silence.id ? { id: silence.id } : {}),
    matchers: silence.matchers,
    startsAt: silence.startsAt.toISOString(),
    endsAt: silence.endsAt.toISOString(),
    createdBy: silence.createdBy,
    comment: silence.comment,
  };
  const response = await call(`${base}/api/v2/silences`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
  const parsed = z.object({ silenceID: z.string().min(1) }).safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new AlertmanagerError("no silenceID in the answer");
  return parsed.data.silenceID;
}

/** Expires a silence; one that is already expired or gone is fine. */
export async function amExpireSilence(base: string, id: string): Promise<void> {
  const response = await call(`${base}/api/v2/silence/${encodeURIComponent(id)}`, { method: "DELETE" });
  if (response.ok || response.status === 404) return;
  // Alertmanager answers 500 "silence … already expired" for an expired one.
  const error = await failure(response);
  if (/already expired/i.test(error.message)) return;
  throw error;
}

/** Every alert an Alertmanager holds now: active, silenced and inhibited (API v2). */
export async function amListAlerts(base: string): Promise<AmAlert[]> {
  const response = await call(`${base}/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true`);
  if (!response.ok) throw await failure(response);
  const parsed = z.array(AmAlertSchema).safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new AlertmanagerError("the answer is not a list of alerts");
  return parsed.data;
}

/** A read of its API v2 (`path` with its query) as JSON, unparsed: the console's Alertmanager API passes it on. */
export async function amGetJson(base: string, path: string): Promise<unknown> {
  const response = await call(`${base}/api/v2/${path}`);
  if (!response.ok) throw await failure(response);
  return response.json().catch(() => {
    throw new AlertmanagerError("the answer is not JSON");
  });
}

/** Reloads its configuration file (`POST /-/reload`); refused → what it said. */
export async function amReload(base: string): Promise<void> {
  const response = await call(`${base}/-/reload`, { method: "POST" }, 10_000);
  if (!response.ok) throw new AlertmanagerError(`refused the reload (HTTP ${response.status}): ${(await response.text().catch(() => "")).trim().slice(0, 500)}`);
}

/** The configuration it runs (its status' `config.original`, re-serialized by Alertmanager). */
export async function amRunningConfig(base: string): Promise<string> {
  const response = await call(`${base}/api/v2/status`);
  if (!response.ok) throw await failure(response);
  const original = ((await response.json().catch(() => null)) as { config?: { original?: unknown } } | null)?.config?.original;
  if (typeof original !== "string") throw new AlertmanagerError("its status has no config");
  return original;
}

/** Ready to serve (`/-/ready`), within the caller's deadline. */
export async function amReady(base: string, signal: AbortSignal): Promise<void> {
  const response = await call(`${base.replace(/\/$/, "")}/-/ready`, { signal });
  if (!response.ok) throw new AlertmanagerError(`HTTP ${response.status}`);
}
