/** The browser's reading of the console's JSON errors (`{ error: { code, message } }`): the server's "field: message", else the HTTP status. */
export async function errorFromResponse<E extends Error>(response: Response, make: (message: string) => E = (m) => new Error(m) as E): Promise<E> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return make(body?.error?.message ?? `HTTP ${response.status}`);
}

/** The browser's JSON call to the console's API: same-origin, JSON body when given, the server's error message on failure. */
export async function callJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { credentials: "same-origin", ...init, headers: init.body ? { "content-type": "application/json" } : undefined });
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as T;
}
