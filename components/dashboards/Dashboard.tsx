"use client";

import type { DashboardDef } from "@/lib/dashboards/types";
import { TimeSeriesPanel } from "./TimeSeriesPanel";
import { TimeRangePicker } from "./TimeRangePicker";
import { useTimeRange } from "./use-time-range";

export interface DashboardProps {
  def: DashboardDef;
}

export function Dashboard({ def }: DashboardProps) {
  const time = useTimeRange(def.time);
  return (
    <section aria-label={def.title}>
      <div className="dashboard-header">
        <h1>{def.title}</h1>
        <TimeRangePicker from={time.from} to={time.to} onChange={time.setRange} onRefresh={time.refresh} />
      </div>
      {time.error !== null ? (
        <p role="alert" className="alert-error">
          {time.error}
        </p>
      ) : (
        <div className="panels">
          {def.panels.map((panel) => (
            <TimeSeriesPanel key={panel.id} panel={panel} range={time.range} />
          ))}
        </div>
      )}
    </section>
  );
}
