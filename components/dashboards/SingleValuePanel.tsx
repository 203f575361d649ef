"use client";

import Link from "next/link";
import { useMemo, useRef } from "react";
import { panelLinks } from "@/lib/dashboards/links";
import { EChart } from "@/components/charts/EChart";
import { seriesToCsv } from "@/lib/charts/csv";
import { gaugeOption } from "@/lib/charts/gauge-bar-option";
import { reduceSeries, sparklinePath } from "@/lib/charts/panel-data";
import { thresholdColor } from "@/lib/charts/palette";
import { formatValue } from "@/lib/charts/units";
import type { ResolvedRange } from "@/lib/dashboards/time-range";
import type { GaugePanel as GaugePanelDef, StatPanel as StatPanelDef } from "@/lib/dashboards/types";
import { frameOf, Panel, PanelBody } from "./Panel";
import { useElementWidth } from "./use-element-width";
import { useSeenInViewport } from "./use-in-view";
import { useRangeSeries } from "./use-panel-data";

export interface SingleValuePanelProps {
  panel: StatPanelDef | GaugePanelDef;
  range: ResolvedRange;
  variables: Record<string, string[]>;
}

/** Stat (value + sparkline) and gauge: one number from the range, coloured by threshold. */
export function SingleValuePanel({ panel, range, variables }: SingleValuePanelProps) {
  const { ref, width } = useElementWidth<HTMLDivElement>();
  const seen = useSeenInViewport(ref);
  const png = useRef<(() => string | null) | null>(null);
  const { series, inspect, error, loading, refreshing } = useRangeSeries(panel, range, variables, width, seen);
  const value = reduceSeries(series, panel.reduce);
  const color = thresholdColor(value, panel.thresholds, panel.baseColor);
  const option = useMemo(
    () => (panel.kind === "gauge" ? gaugeOption({ value, min: panel.min, max: panel.max, unit: panel.unit, thresholds: panel.thresholds, baseColor: panel.baseColor }) : null),
    [panel, value],
  );
  // Every number links to the page that explains it (the first link; all of them in the menu).
  const links = panelLinks(panel.links, range, variables);
  const line = panel.kind === "stat" && panel.sparkline && series[0] ? sparklinePath(series[0].points, 300, 60) : "";

  return (
    <Panel
      {...frameOf(panel)}
      inspect={inspect}
      csv={() => (series.length ? seriesToCsv(series) : null)}
      png={panel.kind === "gauge" ? png : undefined}
      links={links}
    >
      <PanelBody
        bodyRef={ref}
        datasource={panel.datasource}
        error={error}
        loading={loading}
        refreshing={refreshing}
        empty={value === null}
        emptyText="No data: the query returned no values for this time range."
      >
        {option ? (
          <EChart option={option} className="chart" ariaLabel={`${panel.title} gauge`} exportRef={png} />
        ) : (
          <div className="stat" data-testid="stat-value" data-value={value}>
            {links[0] ? (
              <Link className="value" style={{ color }} href={links[0].href} title={links[0].title} suppressHydrationWarning>
                {formatValue(value, panel.unit)}
              </Link>
            ) : (
              <span className="value" style={{ color }}>
                {formatValue(value, panel.unit)}
              </span>
            )}
            {line && (
              <svg viewBox="0 0 300 60" preserveAspectRatio="none" aria-hidden="true">
                <path d={line} fill="none" stroke={color} strokeOpacity={0.6} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
              </svg>
            )}
          </div>
        )}
      </PanelBody>
    </Panel>
  );
}
