"use client";

import { useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { resolveRange, TimeRangeError, type ResolvedRange } from "@/lib/dashboards/time-range";
import { parseViewState, refreshMs, shiftRange, viewStateToParams, type ViewState } from "@/lib/dashboards/url-state";
import { heatmapKeys } from "@/lib/heatmap/client";
import { promKeys } from "@/lib/prom/keys";

const isPanelData = (key: readonly unknown[]) => (key[0] === promKeys.all[0] && (key[2] === "query" || key[2] === "query_range")) || key[0] === heatmapKeys.all[0];

/**
 * The dashboard's view lives in the URL (Grafana's names): changes push a history entry,
 * so back/forward and reload reproduce it. Time is resolved to absolute seconds once per
 * refresh so every panel asks for the same window; auto-refresh pauses while the tab is
 * hidden and catches up when it is shown again. A refresh (by hand or automatic) asks
 * again even when a panel's step-aligned window has not moved — a failed or old answer is
 * never left standing because its query key happens to be the same.
 */
export function useViewState(defaults: { from: string; to: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => parseViewState(new URLSearchParams(params.toString()), defaults), [params, defaults]);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const client = useQueryClient();
  const firstNow = useRef(nowMs);
  useEffect(() => {
    if (nowMs === firstNow.current) return;
    // After the render with the new window: queries that just started keep going (no duplicate), the rest fetch again.
    // Panel data only: query, query_range and heatmaps (variables' label values keep their own pace).
    void client.refetchQueries({ type: "active", predicate: (q) => isPanelData(q.queryKey) }, { cancelRefetch: false });
  }, [nowMs, client]);

  const resolved = useMemo((): { range: ResolvedRange; error: null } | { range: null; error: string } => {
    try {
      return { range: resolveRange(state.from, state.to, nowMs), error: null };
    } catch (error) {
      if (error instanceof TimeRangeError) return { range: null, error: error.message };
      throw error;
    }
  }, [state.from, state.to, nowMs]);

  const refresh = useCallback(() => setNowMs(Date.now()), []);
  const update = useCallback(
    (patch: Partial<ViewState>) => {
      router.push(`${pathname}?${viewStateToParams({ ...state, ...patch })}`, { scroll: false });
      setNowMs(Date.now());
    },
    [router, pathname, state],
  );
  const shift = useCallback((direction: -1 | 1) => update(shiftRange(state.from, state.to, Date.now(), direction)), [update, state.from, state.to]);

  useEffect(() => {
    const ms = refreshMs(state.refresh);
    if (ms === null) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      clearInterval(timer);
      timer = setInterval(() => setNowMs(Date.now()), ms);
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") {
        setNowMs(Date.now());
        start();
      } else clearInterval(timer);
    };
    if (document.visibilityState === "visible") start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [state.refresh]);

  return { state, ...resolved, refresh, update, shift };
}
