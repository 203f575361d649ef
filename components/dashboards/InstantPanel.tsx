"use client";

import { useMemo, useRef } from "react";
import { EChart } from "@/components/charts/EChart";
import { tableToCsv, vectorToCsv } from "@/lib/charts/csv";
import { barOption } from "@/lib/charts/gauge-bar-option";
import { vectorsToTable, vectorToBars } from "@/lib/charts/panel-data";
import { panelLinks } from "@/lib/dashboards/links";
import type { BarPanel, FleetGridPanel, PanelLink, TablePanel } from "@/lib/dashboards/types";
import type { Labels } from "@/lib/prom/schemas";
import { DataTable } from "@/components/charts/DataTable";
import { FleetGrid } from "@/components/charts/FleetGrid";
import { frameOf, Panel, PanelBody } from "./Panel";
import type { PanelViewProps } from "./panel-types";
import type { InstantData } from "./use-panel-data";

/** Bar, table and fleet grid: the current value (an instant query at the end of the range: the registry's useInstantVectors). */
export function InstantPanel({ panel, range, variables, data, body }: PanelViewProps<BarPanel | TablePanel | FleetGridPanel, InstantData>) {
  const png = useRef<(() => string | null) | null>(null);
  const { vectors, inspect, error, loading, refreshing } = data;
  const link = (l: PanelLink, labels: Labels) => panelLinks([l], range, variables, labels)[0]!.href;

  const table = useMemo(
    () => (panel.kind === "table" && vectors ? vectorsToTable(vectors, { labels: panel.labels, valueHeaders: panel.queries.map((q) => q.header) }) : null),
    [panel, vectors],
  );
  const empty = vectors !== null && vectors.every((v) => v.result.length === 0);

  return (
    <Panel
      {...frameOf(panel)}
      inspect={inspect}
      csv={() => (table ? tableToCsv(table.columns, table.rows) : vectors?.[0] ? vectorToCsv(vectors[0]) : null)}
      png={panel.kind === "bar" ? png : undefined}
      links={panel.kind === "bar" ? panelLinks(panel.links, range, variables) : undefined}
    >
      <PanelBody
        bodyRef={body.ref}
        datasource={panel.datasource}
        error={error}
        loading={loading || !vectors}
        refreshing={refreshing}
        empty={empty}
        emptyText={panel.kind === "table" && panel.whenEmpty ? panel.whenEmpty : "No data: the query returned no series at the end of this time range."}
        emptyIsHealthy={panel.kind === "table" && panel.whenEmpty !== undefined}
      >
        {!vectors ? null : panel.kind === "bar" ? (
          <EChart
            option={barOption({ bars: vectorToBars(vectors[0]!, panel.queries[0]!.legend), unit: panel.unit, thresholds: panel.thresholds, baseColor: panel.baseColor })}
            className="chart"
            ariaLabel={`${panel.title} chart`}
            exportRef={png}
          />
        ) : panel.kind === "table" && table ? (
          <DataTable panel={panel} table={table} link={link} />
        ) : panel.kind === "fleetgrid" ? (
          <FleetGrid panel={panel} vector={vectors[0]!} instances={vectors[1]} link={link} />
        ) : null}
      </PanelBody>
    </Panel>
  );
}
