"use client";

import { createContext, useContext } from "react";
import type { TimeZone } from "@/lib/dashboards/url-state";

/** The dashboard's time zone: chart axes and tooltips follow it. */
export const TimeZoneContext = createContext<TimeZone>("browser");

export function useTimeZone(): TimeZone {
  return useContext(TimeZoneContext);
}
