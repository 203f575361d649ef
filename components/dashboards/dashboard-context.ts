"use client";

import { createContext, useContext } from "react";
import type { ResolvedRange } from "@/lib/dashboards/time-range";

/** What a dashboard's window and variables are, for what a page shows beside its panels (a drill-down's summary). */
export interface DashboardContextValue {
  range: ResolvedRange | null;
  variables: Record<string, string[]>;
  /** Alert rule annotations by alert name (summary, runbook_url templates). */
  notes?: Map<string, Record<string, string>>;
}

export const DashboardContext = createContext<DashboardContextValue>({ range: null, variables: {} });

export function useDashboardContext(): DashboardContextValue {
  return useContext(DashboardContext);
}
