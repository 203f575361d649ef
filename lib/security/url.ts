/**
 * A link target taken from data someone else wrote (an alert's `runbook_url`, which any
 * client of Alertmanager's API can set): http(s) URLs and paths of this site only.
 * `javascript:`, `data:`, `vbscript:` and anything unparsable give null, so the caller
 * falls back to its own link. Pure; used by client components.
 */
export function safeHref(raw: string | null | undefined): string | null {
  const text = raw?.trim();
  if (!text) return null;
  if (text.startsWith("/") && !text.startsWith("//") && !text.startsWith("/\\")) return text;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
