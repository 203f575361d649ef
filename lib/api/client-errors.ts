import type { z } from "zod";

/** The browser's reading of the console's JSON errors (`{ error: { code, message } }`): the server's "field: message", else the HTTP status. */
export async function errorFromResponse<E extends Error>(response: Response, make: (message: string) => E = (m) => new Error(m) as E): Promise<E> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return make(body?.error?.message ?? `HTTP ${response.status}`);
}

/**
 * An answer of the console's own API read with the schema the page expects: a console
 * that answers in another shape (a newer or older deploy behind the same address) is an
 * error naming the field, not a page that breaks three components later.
 */
export async function readAnswer<S extends z.ZodType>(schema: S, response: Response): Promise<z.output<S>> {
  return parseAnswer(schema, await response.json().catch(() => undefined), response.url);
}

/** An answer's body, already read, with the schema the page expects. */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, url: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = new URL(url || "/", "http://console/").pathname;
  throw new Error(`${path}: the console answered in a shape this page does not know (${[...issue.path].join(".") || "answer"}: ${issue.message}); reload the page`);
}

/** The browser's JSON call to the console's API: same-origin, JSON body when given, the server's error message on failure, the answer validated. */
export async function callJson<S extends z.ZodType>(schema: S, url: string, init: RequestInit = {}): Promise<z.output<S>> {
  const response = await fetch(url, { credentials: "same-origin", ...init, headers: init.body ? { "content-type": "application/json" } : undefined });
  if (!response.ok) throw await errorFromResponse(response);
  return readAnswer(schema, response);
}
