"use client";

import Link from "next/link";
import { useMemo, useRef, useState } from "react";
import { EChart } from "@/components/charts/EChart";
import { tableToCsv, vectorToCsv } from "@/lib/charts/csv";
import { barOption } from "@/lib/charts/gauge-bar-option";
import { formatLegend } from "@/lib/charts/matrix-to-series";
import { sortRows, vectorsToTable, vectorToBars, vectorToFleetGrid } from "@/lib/charts/panel-data";
import { thresholdColor } from "@/lib/charts/palette";
import { formatValue } from "@/lib/charts/units";
import { panelLinks } from "@/lib/dashboards/links";
import type { ResolvedRange } from "@/lib/dashboards/time-range";
import type { BarPanel, FleetGridPanel, PanelLink, TablePanel } from "@/lib/dashboards/types";
import type { Labels } from "@/lib/prom/schemas";
import { XidName } from "@/components/xid/XidName";
import { useXidCatalogue } from "@/lib/xid/client";
import { frameOf, Panel, PanelBody } from "./Panel";
import { useSeenInViewport } from "./use-in-view";
import { useInstantVectors } from "./use-panel-data";
import { dcgmHealthName } from "@/lib/metrics/health";

export interface InstantPanelProps {
  panel: BarPanel | TablePanel | FleetGridPanel;
  range: ResolvedRange;
  variables: Record<string, string[]>;
}

/** Bar, table and fleet grid: the current value (an instant query at the end of the range). */
export function InstantPanel({ panel, range, variables }: InstantPanelProps) {
  const ref = useRef<HTMLDivElement>(null);
  const seen = useSeenInViewport(ref);
  const png = useRef<(() => string | null) | null>(null);
  const { vectors, inspect, error, loading, refreshing } = useInstantVectors(panel, range, variables, seen);
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
        bodyRef={ref}
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

function DataTable({ panel, table, link }: { panel: TablePanel; table: ReturnType<typeof vectorsToTable>; link: (l: PanelLink, labels: Labels) => string }) {
  const initial = table.columns.find((c) => c.header === panel.sortBy)?.key ?? table.columns.find((c) => c.kind === "value")!.key;
  const [sort, setSort] = useState<{ key: string; direction: "asc" | "desc" }>({ key: initial, direction: panel.sortDirection });
  const rows = useMemo(() => sortRows(table.rows, sort.key, sort.direction), [table.rows, sort]);
  const units = panel.queries.map((q) => q.unit);
  const decodes = panel.queries.map((q) => q.decode);
  // Only a table that decodes XIDs asks for the catalogue.
  const xids = useXidCatalogue(decodes.includes("xid") || Object.values(panel.decodeLabels).includes("xid"));
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} aria-sort={sort.key === c.key ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}>
                <button
                  type="button"
                  onClick={() => setSort((s) => ({ key: c.key, direction: s.key === c.key && s.direction === "desc" ? "asc" : "desc" }))}
                >
                  {c.header}
                  {sort.key === c.key ? (sort.direction === "asc" ? " ▲" : " ▼") : ""}
                </button>
              </th>
            ))}
            {panel.links.length > 0 && <th />}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              {table.columns.map((c, i) => {
                const v = r.cells[c.key];
                if (c.kind === "label") {
                  const code = panel.decodeLabels[panel.labels[i] ?? ""] === "xid" ? Number(v) : NaN;
                  return <td key={c.key}>{Number.isInteger(code) && code > 0 ? <XidName code={code} catalogue={xids} /> : v}</td>;
                }
                const unit = units[i - panel.labels.length] ?? "none";
                if (decodes[i - panel.labels.length] === "health" && typeof v === "number") {
                  return (
                    <td key={c.key} className={v === 0 ? "" : "value-bad"} data-code={v}>
                      {dcgmHealthName(v)}
                    </td>
                  );
                }
                if (decodes[i - panel.labels.length] === "xid" && typeof v === "number" && v > 0) {
                  return (
                    <td key={c.key} className="num value-bad">
                      <XidName code={v} catalogue={xids} />
                    </td>
                  );
                }
                return (
                  <td key={c.key} className="num" style={{ color: thresholdColor(typeof v === "number" ? v : null, panel.thresholds, "inherit") }}>
                    {formatValue(typeof v === "number" ? v : null, unit)}
                  </td>
                );
              })}
              {panel.links.length > 0 && (
                <td>
                  {panel.links.map((l) => (
                    <Link key={l.title} href={link(l, r.labels)}>
                      {l.title}
                    </Link>
                  ))}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type VectorOf = Parameters<typeof vectorToFleetGrid>[0];
function FleetGrid({ panel, vector, instances, link }: { panel: FleetGridPanel; vector: VectorOf; instances?: VectorOf; link: (l: PanelLink, labels: Labels) => string }) {
  const nodes = useMemo(() => vectorToFleetGrid(vector, { group: panel.groupLabel, cell: panel.cellLabel }, instances), [vector, instances, panel.groupLabel, panel.cellLabel]);
  const href = (labels: Labels) => (panel.links[0] ? link(panel.links[0], labels) : undefined);
  return (
    <div className="fleet-grid" data-testid="fleet-grid" data-cells={nodes.reduce((n, x) => n + x.cells.length, 0)}>
      {nodes.map((node) => (
        <div key={node.name} className="fleet-node">
          <span className="node">{node.name}</span>
          <span className="cells">
            {node.cells.map((c) => {
              const mig = c.instances.map((i) => `${i.profile} #${i.id} ${formatValue(i.value, "percent")}`).join(", ");
              const title = `${formatLegend(`{{${panel.groupLabel}}} GPU {{${panel.cellLabel}}}`, c.labels)}: ${formatValue(c.value, panel.unit)}${mig ? ` · MIG: ${mig}` : ""}`;
              const style = { background: thresholdColor(c.value, panel.thresholds, panel.baseColor) };
              const url = href(c.labels);
              // A partitioned GPU: a bar per MIG instance, as tall as the instance is busy.
              const bars = c.instances.length > 0 && (
                <span className="mig" aria-hidden="true">
                  {c.instances.map((i) => (
                    <i key={i.id} style={{ height: `${Math.max(8, Math.min(100, i.value ?? 0))}%` }} />
                  ))}
                </span>
              );
              const props = { className: c.instances.length ? "cell cell-mig" : "cell", style, title, "aria-label": title, "data-mig-instances": c.instances.length || undefined };
              return url ? (
                <Link key={c.key} href={url} {...props}>
                  {bars}
                </Link>
              ) : (
                <span key={c.key} {...props}>
                  {bars}
                </span>
              );
            })}
          </span>
        </div>
      ))}
    </div>
  );
}
