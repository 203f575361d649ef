/**
 * Which stores of a tiered datasource answered a request (lib/prom/proxy/tiers.ts), as the
 * browser reads it from the proxy's `x-console-stores` header. Shared by both sides.
 */
export type Tier = "recent" | "long-term";

export interface Store {
  tier: Tier;
  name: string;
}

/** The `x-console-stores` header: "long-term=VictoriaMetrics, recent=Prometheus" (names URI-encoded). */
export function storesHeader(stores: readonly Store[]): string {
  return stores.map((s) => `${s.tier}=${encodeURIComponent(s.name)}`).join(", ");
}

export function readStores(header: string | null): Store[] {
  if (!header) return [];
  return header.split(",").flatMap((part) => {
    const m = /^\s*(recent|long-term)=(.*?)\s*$/.exec(part);
    return m ? [{ tier: m[1] as Tier, name: decodeURIComponent(m[2]!) }] : [];
  });
}

/** What a panel says when the long-term store answered any of it ("Partly from VictoriaMetrics, the long-term store"), or null. */
export function longTermNote(stores: readonly Store[]): string | null {
  const longTerm = [...new Set(stores.filter((s) => s.tier === "long-term").map((s) => s.name))];
  if (longTerm.length === 0) return null;
  const all = stores.every((s) => s.tier === "long-term");
  return `${all ? "From" : "Partly from"} ${longTerm.join(" and ")}, the long-term store`;
}
