"use client";

import { TimeZoneContext } from "@/components/charts/time-zone";
import type { DashboardDef } from "@/lib/dashboards/types";
import { HeatmapPanel } from "./HeatmapPanel";
import { InstantPanel } from "./InstantPanel";
import { SingleValuePanel } from "./SingleValuePanel";
import { PanelBoundary } from "./PanelBoundary";
import { TimeSeriesPanel } from "./TimeSeriesPanel";
import { TimeRangePicker } from "./TimeRangePicker";
import { useVariables } from "./use-variables";
import { useViewState } from "./use-view-state";
import { VariableBar } from "./VariableBar";

export interface DashboardProps {
  def: DashboardDef;
}

export function Dashboard({ def }: DashboardProps) {
  const view = useViewState(def.time);
  const vars = useVariables(def.variables, view.state.vars);
  // Drag across a chart: zoom the whole dashboard to that window.
  const zoom = (fromMs: number, toMs: number) => view.update({ from: String(Math.floor(fromMs)), to: String(Math.ceil(toMs)) });
  return (
    <TimeZoneContext.Provider value={view.state.timezone}>
      <section aria-label={def.title}>
        <div className="dashboard-header">
          <h1>{def.title}</h1>
          <TimeRangePicker
            from={view.state.from}
            to={view.state.to}
            refresh={view.state.refresh}
            timezone={view.state.timezone}
            onTimeZoneChange={(timezone) => view.update({ timezone })}
            onChange={view.update}
            onShift={view.shift}
            onRefresh={view.refresh}
            onRefreshChange={(refresh) => view.update({ refresh })}
          />
        </div>
        <VariableBar variables={vars.variables} onChange={(name, values) => view.update({ vars: { ...view.state.vars, [name]: values } })} />
        {view.error !== null ? (
          <p role="alert" className="alert-error">
            {view.error}
          </p>
        ) : (
          <div className="panels">
            {vars.ready &&
              def.panels.map((panel) => (
                <PanelBoundary key={panel.id} id={panel.id} title={panel.title}>
                  {panel.kind === "heatmap" ? (
                    <HeatmapPanel panel={panel} range={view.range} variables={vars.values} onZoom={zoom} />
                  ) : panel.kind === "timeseries" ? (
                    <TimeSeriesPanel panel={panel} range={view.range} variables={vars.values} onZoom={zoom} group={def.id} />
                  ) : panel.kind === "stat" || panel.kind === "gauge" ? (
                    <SingleValuePanel panel={panel} range={view.range} variables={vars.values} />
                  ) : (
                    <InstantPanel panel={panel} range={view.range} variables={vars.values} />
                  )}
                </PanelBoundary>
              ))}
          </div>
        )}
      </section>
    </TimeZoneContext.Provider>
  );
}
