import type { ReactNode, RefObject } from "react";
import type { Silence } from "@/lib/alerting/silences";
import type { Annotation } from "@/lib/annotations/schema";
import type { ResolvedRange } from "@/lib/dashboards/time-range";
import type { Panel } from "@/lib/dashboards/types";
import type { InspectInfo } from "./use-panel-data";

/** What a page hands a panel of any kind; each kind takes what it draws with. */
export interface PanelRenderProps<P extends Panel = Panel> {
  panel: P;
  range: ResolvedRange;
  variables: Record<string, string[]>;
  /** Drag across a chart: zoom the dashboard (with Shift: annotate the range). */
  onZoom?: (fromMs: number, toMs: number, modifiers?: { shiftKey: boolean }) => void;
  /** The dashboard's id: its time-series panels share crosshair and tooltip. */
  group?: string;
  annotations?: Annotation[];
  /** Alertmanager's silences (drawn hatched where they cover a panel's series). */
  silences?: Silence[];
  /** Alert rule annotations by alert name, for band summaries and runbooks. */
  notes?: Map<string, Record<string, string>>;
  /** Told what the queries were and what came back (Explore's step, series and duration line). */
  onInspect?: (info: InspectInfo, state: { loading: boolean; error: Error | null }) => void;
}

/** What a kind's data hook is given: the panel, its window, and its body's width and whether it has been near the viewport. */
export interface PanelDataInput<P extends Panel = Panel> {
  panel: P;
  range: ResolvedRange;
  variables: Record<string, string[]>;
  width: number;
  seen: boolean;
}

/** What a kind's component is given (Perses' PanelProps with its query results): the page's props, its data, and its body, measured by the host. */
export type PanelViewProps<P extends Panel, D> = PanelRenderProps<P> & {
  data: D;
  body: { ref: RefObject<HTMLDivElement | null>; width: number };
};

/** One kind of panel: how it gets its data, and how it draws it. */
export interface PanelKind<P extends Panel, D> {
  useData(input: PanelDataInput<P>): D;
  Component(props: PanelViewProps<P, D>): ReactNode;
}
