/**
 * A tiered datasource: recent data from one store (Prometheus, its retention a few weeks),
 * older data from a long-term one (VictoriaMetrics, Thanos, Mimir receiving its remote
 * write). Which store answers which part of a request is a function of the request and
 * the boundary (now − the recent store's retention) alone. Pure.
 */
import type { Tier } from "../stores";

export interface TierPart {
  tier: Tier;
  params: URLSearchParams;
}

const EPS = 1e-9;

/**
 * The parts of a request: an instant query to the store that holds its time; a range
 * split on its own grid at the first step at or after the boundary (the steps before it
 * to the long-term store, the rest to the recent one); everything else (series, labels,
 * metadata, rules, alerts) to the recent store.
 */
export function tierParts(endpoint: string, params: URLSearchParams, boundary: number, nowSeconds: number): TierPart[] {
  if (endpoint === "query") {
    const time = params.get("time") ? Number(params.get("time")) : nowSeconds;
    return [{ tier: time < boundary ? "long-term" : "recent", params }];
  }
  if (endpoint !== "query_range") return [{ tier: "recent", params }];
  const [start, end, step] = ["start", "end", "step"].map((k) => Number(params.get(k))) as [number, number, number];
  if (start >= boundary || !(step > 0)) return [{ tier: "recent", params }];
  if (end < boundary) return [{ tier: "long-term", params }];
  const first = start + Math.ceil((boundary - start) / step - EPS) * step;
  const part = (tier: Tier, from: number, to: number): TierPart => {
    const p = new URLSearchParams(params);
    p.set("start", String(from));
    p.set("end", String(to));
    return { tier, params: p };
  };
  return [part("long-term", start, first - step), part("recent", first, end)];
}
