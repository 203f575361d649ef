"use client";

import { useMemo, useRef } from "react";
import { panelLinks } from "@/lib/dashboards/links";
import { EChart } from "@/components/charts/EChart";
import { StatValue } from "@/components/charts/StatValue";
import { seriesToCsv } from "@/lib/charts/csv";
import { gaugeOption } from "@/lib/charts/gauge-bar-option";
import { reduceSeries, sparklinePath } from "@/lib/charts/panel-data";
import { thresholdColor } from "@/lib/charts/palette";
import type { GaugePanel as GaugePanelDef, StatPanel as StatPanelDef } from "@/lib/dashboards/types";
import { frameOf, Panel, PanelBody } from "./Panel";
import type { PanelViewProps } from "./panel-types";
import type { RangeData } from "./use-panel-data";

/** Stat (value + sparkline) and gauge: one number from the range (its series: the registry's useRangeSeries), coloured by threshold. */
export function SingleValuePanel({ panel, range, variables, data, body }: PanelViewProps<StatPanelDef | GaugePanelDef, RangeData>) {
  const png = useRef<(() => string | null) | null>(null);
  const { series, inspect, error, loading, refreshing } = data;
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
        bodyRef={body.ref}
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
          <StatValue value={value} unit={panel.unit} color={color} line={line} link={links[0]} />
        )}
      </PanelBody>
    </Panel>
  );
}
