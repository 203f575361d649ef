"use client";

import type { Panel } from "@/lib/dashboards/types";
import { CostPanel, useCostData } from "./CostPanel";
import { HeatmapPanel, useHeatmapData } from "./HeatmapPanel";
import { InstantPanel } from "./InstantPanel";
import type { PanelKind, PanelRenderProps } from "./panel-types";
import { SingleValuePanel } from "./SingleValuePanel";
import { TimeSeriesPanel, useTimeSeriesData } from "./TimeSeriesPanel";
import { useElementWidth } from "./use-element-width";
import { useSeenInViewport } from "./use-in-view";
import { useInstantVectors, useRangeSeries } from "./use-panel-data";

type Kind = Panel["kind"];
type Of<K extends Kind> = Extract<Panel, { kind: K }>;
/** A kind's entry, its data type inferred from its hook (checked against its component). */
const kind = <P extends Panel, D>(entry: PanelKind<P, D>) => entry;

/**
 * The panel registry (Perses' plugin table): per kind, the hook that fetches its data and
 * the component that draws it, so a panel never fetches for itself and a new kind is one
 * entry here.
 */
export const PANEL_KINDS: { [K in Kind]: PanelKind<Of<K>, unknown> } = {
  heatmap: kind({ useData: useHeatmapData, Component: HeatmapPanel }),
  timeseries: kind({ useData: useTimeSeriesData, Component: TimeSeriesPanel }),
  cost: kind({ useData: useCostData, Component: CostPanel }),
  stat: kind({ useData: useRangeSeries, Component: SingleValuePanel }),
  gauge: kind({ useData: useRangeSeries, Component: SingleValuePanel }),
  bar: kind({ useData: useInstantVectors, Component: InstantPanel }),
  table: kind({ useData: useInstantVectors, Component: InstantPanel }),
  fleetgrid: kind({ useData: useInstantVectors, Component: InstantPanel }),
};

/** One panel of any kind: measures its body, runs its kind's data hook, and draws the answer. */
export function PanelView(props: PanelRenderProps) {
  const { ref, width } = useElementWidth<HTMLDivElement>();
  const seen = useSeenInViewport(ref);
  // A panel's kind never changes for one PanelView (pages key panels by id), so the hooks run in the same order every render.
  const { useData, Component } = PANEL_KINDS[props.panel.kind] as unknown as PanelKind<Panel, unknown>;
  const data = useData({ panel: props.panel, range: props.range, variables: props.variables, width, seen });
  return <Component {...props} data={data} body={{ ref, width }} />;
}
