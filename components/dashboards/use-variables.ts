"use client";

import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Variable } from "@/lib/dashboards/types";
import { effectiveValues, interpolate } from "@/lib/dashboards/variables";
import { datasourceIds, labelValues } from "@/lib/prom/client";
import { promKeys } from "@/lib/prom/keys";
import { queryKeys } from "@/lib/query-keys";

const DATASOURCE_IDS_KEY = queryKeys.datasources;
const NONE: Record<string, string[]> = {};

export interface ResolvedVariable {
  def: Variable;
  options: string[];
  values: string[];
  loading: boolean;
  error: string | null;
}

/**
 * Each variable's options come from label values through the proxy, limited by its
 * selector with the earlier variables' values put in (nodes of the chosen cluster); its
 * values are the URL's when still offered, else All or the first option.
 */
export function useVariables(defs: Variable[], fromUrl: Record<string, string[]>, fixed: Record<string, string[]> = NONE) {
  const client = useQueryClient();
  // Fixed by the page (a drill-down's node): in effect from the start, never offered.
  const values: Record<string, string[]> = { ...fixed };
  // Label values come from the datasource a datasource variable chose (else the default one).
  let datasource = "default";
  const specs = defs.map((def) => {
    if (def.kind === "datasource") {
      const options = client.getQueryData<string[]>(DATASOURCE_IDS_KEY) ?? [];
      values[def.name] = effectiveValues(def, fromUrl[def.name], options);
      datasource = values[def.name]![0] ?? "default";
      return null;
    }
    const spec = { datasource, label: def.labelName, match: def.match ? interpolate(def.match, values) : undefined };
    const options = client.getQueryData<string[]>(promKeys.labelValues(spec)) ?? [];
    values[def.name] = effectiveValues(def, fromUrl[def.name], options);
    return spec;
  });
  const results = useQueries({
    queries: specs.map((spec) =>
      spec
        ? { queryKey: promKeys.labelValues(spec), queryFn: ({ signal }: { signal: AbortSignal }) => labelValues(spec, { signal }), staleTime: 60_000 }
        : { queryKey: DATASOURCE_IDS_KEY, queryFn: ({ signal }: { signal: AbortSignal }) => datasourceIds({ signal }), staleTime: 300_000 },
    ),
  });
  const resolved: ResolvedVariable[] = defs.map((def, i) => ({
    def,
    options: results[i]?.data ?? [],
    values: values[def.name] ?? [],
    loading: results[i]?.isPending ?? true,
    error: results[i]?.error?.message ?? null,
  }));
  // The same values keep the same object, so panels do not re-query or redraw for nothing.
  const key = JSON.stringify(values);
  const stable = useMemo(() => JSON.parse(key) as Record<string, string[]>, [key]);
  return { variables: resolved, values: stable, ready: resolved.every((v) => !v.loading) };
}
