/** A value as a regex that matches only itself (for `=~` matchers built from label values). */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
