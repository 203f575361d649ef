/** The browser's reading of the console's JSON errors (`{ error: { code, message } }`): the server's "field: message", else the HTTP status. */
export async function errorFromResponse<E extends Error>(response: Response, make: (message: string) => E = (m) => new Error(m) as E): Promise<E> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return make(body?.error?.message ?? `HTTP ${response.status}`);
}
