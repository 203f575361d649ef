import type { ReactNode } from "react";
import type { Silence } from "@/lib/alerting/silences";
import type { Annotation } from "@/lib/annotations/schema";
import type { ResolvedRange } from "@/lib/dashboards/time-range";
import type { Panel } from "@/lib/dashboards/types";
import { CostPanel } from "./CostPanel";
import { HeatmapPanel } from "./HeatmapPanel";
import { InstantPanel } from "./InstantPanel";
import { SingleValuePanel } from "./SingleValuePanel";
import { TimeSeriesPanel } from "./TimeSeriesPanel";

/** What the dashboard hands every panel; each kind takes what it draws with. */
export interface PanelRenderProps<P extends Panel = Panel> {
  panel: P;
  range: ResolvedRange;
  variables: Record<string, string[]>;
  /** Drag across a chart: zoom the dashboard (with Shift: annotate the range). */
  onZoom: (fromMs: number, toMs: number, modifiers?: { shiftKey: boolean }) => void;
  /** The dashboard's id: its time-series panels share crosshair and tooltip. */
  group: string;
  annotations?: Annotation[];
  silences?: Silence[];
  notes?: Map<string, Record<string, string>>;
}

type Kind = Panel["kind"];
type Of<K extends Kind> = Extract<Panel, { kind: K }>;

/**
 * The panel registry: one renderer per kind (Perses' plugin table), so a new kind is one
 * entry here and the dashboard never chooses by hand.
 */
export const PANEL_KINDS: { [K in Kind]: (p: PanelRenderProps<Of<K>>) => ReactNode } = {
  heatmap: (p) => <HeatmapPanel panel={p.panel} range={p.range} variables={p.variables} onZoom={p.onZoom} />,
  timeseries: (p) => <TimeSeriesPanel panel={p.panel} range={p.range} variables={p.variables} onZoom={p.onZoom} group={p.group} annotations={p.annotations} silences={p.silences} notes={p.notes} />,
  cost: (p) => <CostPanel panel={p.panel} range={p.range} variables={p.variables} />,
  stat: (p) => <SingleValuePanel panel={p.panel} range={p.range} variables={p.variables} />,
  gauge: (p) => <SingleValuePanel panel={p.panel} range={p.range} variables={p.variables} />,
  bar: (p) => <InstantPanel panel={p.panel} range={p.range} variables={p.variables} />,
  table: (p) => <InstantPanel panel={p.panel} range={p.range} variables={p.variables} />,
  fleetgrid: (p) => <InstantPanel panel={p.panel} range={p.range} variables={p.variables} />,
};

export function renderPanel(props: PanelRenderProps): ReactNode {
  const render = PANEL_KINDS[props.panel.kind] as (p: PanelRenderProps) => ReactNode;
  return render(props);
}
