import { z } from "zod";
import { SEVERITIES, type RunbookInput } from "./model";

export const SearchFiltersSchema = z.object({
  q: z.string().max(200, { error: "at most 200 characters" }).optional(),
  team: z.string().max(80).optional(),
  severity: z.enum(SEVERITIES, { error: `one of ${SEVERITIES.join(", ")}` }).optional(),
  tag: z.string().max(40).optional(),
  alert: z.string().max(200).optional(),
  sort: z.enum(["relevance", "recent"], { error: "relevance or recent" }).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type SearchFilters = z.infer<typeof SearchFiltersSchema>;

export const RunbookHitSchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  severity: z.string(),
  team: z.string().nullable(),
  tags: z.array(z.string()),
  alertNames: z.array(z.string()),
  updatedAt: z.string(),
  updatedBy: z.string(),
  rank: z.number().nullable(),
  /** The query is exactly one of the runbook's alert names (ranked first). */
  exactAlert: z.boolean(),
  /** Fragments of summary and body with hits between \u0002 and \u0003. */
  headline: z.string().nullable(),
});
export type RunbookHit = z.infer<typeof RunbookHitSchema>;

/**
 * What someone types → a tsquery for search-as-you-type: the words (letters, digits,
 * underscores; anything else separates and can inject nothing) ANDed, the last one a
 * prefix (`gpu temp` → `gpu & temp:*`). Null when there is no word.
 */
export function searchTsQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 12)
    .map((w, i, all) => (i === all.length - 1 && !/\s$/.test(text) ? `${w}:*` : w))
    .join(" & ");
}

/** A headline as runs of plain and highlighted text (rendered as text nodes and <mark>, never as HTML). */
export function headlineParts(headline: string): { text: string; hit: boolean }[] {
  const [first, ...rest] = headline.split(HIT_START);
  const parts: { text: string; hit: boolean }[] = first ? [{ text: first, hit: false }] : [];
  for (const chunk of rest) {
    const stop = chunk.indexOf(HIT_STOP);
    const hit = stop < 0 ? chunk : chunk.slice(0, stop);
    const after = stop < 0 ? "" : chunk.slice(stop + 1).split(HIT_STOP).join("");
    if (hit) parts.push({ text: hit, hit: true });
    if (after) parts.push({ text: after, hit: false });
  }
  return parts;
}

/** What ts_headline puts around a hit (characters no runbook contains, so nothing to escape). */
export const HIT_START = "\u0002";
export const HIT_STOP = "\u0003";

/** Same content, field by field (JSON of the validated input is canonical: tags sorted, body trimmed). */
export function sameContent(a: RunbookInput, b: RunbookInput): boolean {
  return canonical(a) === canonical(b);
}

function canonical(r: RunbookInput): string {
  return JSON.stringify([r.slug, r.title, r.summary, r.severity, r.team, r.owner, r.body, r.contacts.map((c) => [c.name, c.how]), r.escalation, r.alerts.map((a) => [a.alertname, a.matchers]), r.tags]);
}
