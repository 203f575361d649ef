"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { resolveRange, TimeRangeError, type ResolvedRange } from "@/lib/dashboards/time-range";
import { parseViewState, refreshMs, shiftRange, viewStateToParams, type ViewState } from "@/lib/dashboards/url-state";

/**
 * The dashboard's view lives in the URL (Grafana's names): changes push a history entry,
 * so back/forward and reload reproduce it. Time is resolved to absolute seconds once per
 * refresh so every panel asks for the same window; auto-refresh pauses while the tab is
 * hidden and catches up when it is shown again.
 */
export function useViewState(defaults: { from: string; to: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => parseViewState(new URLSearchParams(params.toString()), defaults), [params, defaults]);
  const [nowMs, setNowMs] = useState(() => Date.now());

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
