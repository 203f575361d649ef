"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { resolveRange, TimeRangeError, type ResolvedRange } from "@/lib/dashboards/time-range";

/**
 * The dashboard's time, from the URL (`?from=now-6h&to=now`, Grafana's names), resolved
 * to absolute seconds once per refresh so every panel asks for the same window.
 */
export function useTimeRange(defaults: { from: string; to: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const from = params.get("from") ?? defaults.from;
  const to = params.get("to") ?? defaults.to;
  const [nowMs, setNowMs] = useState(() => Date.now());

  const resolved = useMemo((): { range: ResolvedRange; error: null } | { range: null; error: string } => {
    try {
      return { range: resolveRange(from, to, nowMs), error: null };
    } catch (error) {
      if (error instanceof TimeRangeError) return { range: null, error: error.message };
      throw error;
    }
  }, [from, to, nowMs]);

  const refresh = useCallback(() => setNowMs(Date.now()), []);
  const setRange = useCallback(
    (next: { from: string; to: string }) => {
      const search = new URLSearchParams(params);
      search.set("from", next.from);
      search.set("to", next.to);
      router.replace(`?${search.toString()}`, { scroll: false });
      setNowMs(Date.now());
    },
    [params, router],
  );

  return { from, to, ...resolved, refresh, setRange };
}
