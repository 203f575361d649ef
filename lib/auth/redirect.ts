/**
 * Where to go after sign-in: only a path on this site. `//host`, `/\\host` and
 * absolute URLs would send the user elsewhere (an open redirect).
 */
export function safeCallbackPath(raw: string | string[] | undefined): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return undefined;
  // Control characters (a tab or newline inside "/\t/evil") are dropped by URL parsers.
  if ([...value].some((c) => c.charCodeAt(0) < 0x20)) return undefined;
  return value;
}
