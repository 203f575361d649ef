import { queryKeys } from "@/lib/query-keys";

/** The Prometheus family of the one key factory (lib/query-keys.ts). */
export const promKeys = queryKeys.prom;

type PanelQueryKey = ReturnType<typeof promKeys.instant> | ReturnType<typeof promKeys.range>;

/**
 * Two panel-query keys that ask the same expression of the same datasource and endpoint,
 * whatever their window: what a refresh (by hand or automatic) or a moved range changes.
 */
export function sameQueryOtherWindow(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== 4 || b.length !== 4 || a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2]) return false;
  if (a[2] !== "query" && a[2] !== "query_range") return false;
  return (a as PanelQueryKey)[3].expr === (b as PanelQueryKey)[3].expr;
}

/** What the query cache holds of a query: its key and its newest answer, if any. */
export interface CachedAnswer<T> {
  queryKey: readonly unknown[];
  state: { data: T | undefined; dataUpdatedAt: number };
}

/**
 * The newest answer the cache holds to the same query over another window: shown while a
 * panel's moved window loads (Grafana's habit), so a refresh never blanks a panel. Never
 * an answer to another expression (other variables, another datasource).
 */
export function newestAnswerOfSameQuery<T>(key: readonly unknown[], cached: readonly CachedAnswer<T>[]): T | undefined {
  let newest: CachedAnswer<T> | undefined;
  for (const q of cached) {
    if (q.state.data === undefined || !sameQueryOtherWindow(q.queryKey, key)) continue;
    if (!newest || q.state.dataUpdatedAt > newest.state.dataUpdatedAt) newest = q;
  }
  return newest?.state.data;
}
