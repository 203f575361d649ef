"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState, type ReactNode } from "react";
import { TimeZoneContext } from "@/components/charts/time-zone";
import { fetchSilences, silenceKeys } from "@/lib/alerting/client";
import { ruleAnnotations } from "@/lib/alerting/rule-annotations";
import { annotationKeys, fetchAnnotations } from "@/lib/annotations/client";
import { fetchAlertRules } from "@/lib/prom/client";
import { promKeys } from "@/lib/prom/keys";
import { panelRange } from "@/lib/dashboards/time-range";
import type { DashboardDef } from "@/lib/dashboards/types";
import { resolveDatasource } from "@/lib/dashboards/variables";
import { AnnotationForm, AnnotationList, type AnnotationDraft } from "./Annotations";
import { DashboardContext } from "./dashboard-context";
import { PanelBoundary } from "./PanelBoundary";
import { PanelView } from "./panel-kinds";
import { ViewTimeRangePicker } from "./TimeRangePicker";
import { useVariables } from "./use-variables";
import { useViewState } from "./use-view-state";
import { VariableBar } from "./VariableBar";

export interface DashboardProps {
  def: DashboardDef;
  /** SREs and admins may write annotations (the server checks again). */
  canAnnotate?: boolean;
  /** Variables the page fixes (a drill-down's node or GPU, from its path): the def's `fixedVariables`. */
  fixed?: Record<string, string[]>;
  /** The page's own title (a drill-down names its node or GPU); the def's title otherwise. */
  title?: string;
  /** What the page shows between the variables and the panels (a drill-down's summary). */
  children?: ReactNode;
}

export function Dashboard({ def, canAnnotate = false, fixed, title, children }: DashboardProps) {
  const view = useViewState(def.time);
  const vars = useVariables(def.variables, view.state.vars, fixed);
  const [draft, setDraft] = useState<AnnotationDraft | null>(null);
  // Drag across a chart: zoom the whole dashboard to that window; with Shift, annotate it.
  const zoom = (fromMs: number, toMs: number, modifiers?: { shiftKey: boolean }) => {
    if (modifiers?.shiftKey && canAnnotate) setDraft({ startsAt: fromMs, endsAt: toMs });
    else view.update({ from: String(Math.floor(fromMs)), to: String(Math.ceil(toMs)) });
  };
  const annotationWindow = view.range ? { from: view.range.startSeconds * 1000, to: view.range.endSeconds * 1000, dashboardId: def.id } : null;
  const annotations = useQuery({
    queryKey: annotationWindow ? annotationKeys.range(annotationWindow) : [...annotationKeys.all, "none"],
    queryFn: ({ signal }) => fetchAnnotations(annotationWindow!, { signal }),
    enabled: annotationWindow !== null,
    placeholderData: (previous) => previous,
  });
  // Silences and alert rules: once per dashboard, refreshed with it.
  const silences = useQuery({ queryKey: [...silenceKeys.all, view.range?.endSeconds], queryFn: ({ signal }) => fetchSilences({ signal }), placeholderData: (p) => p, retry: false });
  const rules = useQuery({
    queryKey: promKeys.rules("default"),
    queryFn: ({ signal }) => fetchAlertRules("default", { signal }),
    staleTime: 300_000,
    retry: false,
  });
  // Panels that say `datasource: "$datasource"` get the chosen one (same object while it stays).
  const panels = useMemo(() => def.panels.map((p) => ({ ...p, datasource: resolveDatasource(p.datasource, vars.values) })), [def.panels, vars.values]);
  // Panels with a relative time override (Grafana's "relative time") get their own window, same end.
  const ranges = useMemo(() => {
    const r = view.range;
    return r ? new Map(def.panels.map((p) => [p.id, panelRange(r, p.timeFrom)])) : new Map();
  }, [def.panels, view.range]);
  const notes = useMemo(() => (rules.data ? ruleAnnotations(rules.data) : undefined), [rules.data]);
  const context = useMemo(() => ({ range: view.range, variables: vars.values, notes }), [view.range, vars.values, notes]);
  return (
    <TimeZoneContext.Provider value={view.state.timezone}>
      <section aria-label={title ?? def.title}>
        <div className="dashboard-header">
          <h1>{title ?? def.title}</h1>
          <ViewTimeRangePicker view={view} />
          {canAnnotate && (
            <button type="button" className="btn" title="Annotate now, or Shift-drag across a chart to annotate a range" onClick={() => setDraft({ startsAt: Date.now(), endsAt: null })}>
              + Annotation
            </button>
          )}
        </div>
        <VariableBar variables={vars.variables} onChange={(name, values) => view.update({ vars: { ...view.state.vars, [name]: values } })} />
        <AnnotationList annotations={annotations.data ?? []} canEdit={canAnnotate} />
        <DashboardContext.Provider value={context}>{children}</DashboardContext.Provider>
        {view.error !== null ? (
          <p role="alert" className="alert-error">
            {view.error}
          </p>
        ) : (
          <div
            className="panels"
            style={{ gridTemplateColumns: `repeat(auto-fit, minmax(min(100%, ${def.panelMinWidth}px), 1fr))`, ["--panel-height" as string]: `${def.panelHeight}px` }}
          >
            {vars.ready &&
              panels.map((panel) => (
                <PanelBoundary key={panel.id} id={panel.id} title={panel.title}>
                  <PanelView panel={panel} range={ranges.get(panel.id) ?? view.range} variables={vars.values} onZoom={zoom} group={def.id} annotations={annotations.data} silences={silences.data} notes={notes} />
                </PanelBoundary>
              ))}
          </div>
        )}
        {draft && <AnnotationForm draft={draft} dashboardId={def.id} onClose={() => setDraft(null)} />}
      </section>
    </TimeZoneContext.Provider>
  );
}
