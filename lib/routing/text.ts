/**
 * The routing editor's text fields: lists typed comma-separated (`team="a,b", severity="critical"`
 * is two matchers: commas inside double quotes do not split), and back.
 */
export function splitList(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && quoted && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      out.push(current);
      current = "";
    } else current += c;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}

export const joinList = (items: readonly string[] | undefined) => (items ?? []).join(", ");

/** "09:00-18:00, 20:00-22:00" ⇄ [{ start, end }]. */
export function parseTimes(text: string): { start: string; end: string }[] {
  return splitList(text).map((t) => {
    const [start = "", end = ""] = t.split("-").map((s) => s.trim());
    return { start, end };
  });
}

export const timesText = (times: readonly { start: string; end: string }[] | undefined) => (times ?? []).map((t) => `${t.start}-${t.end}`).join(", ");
