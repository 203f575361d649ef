"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { XidName } from "@/components/xid/XidName";
import { sortRows, type vectorsToTable } from "@/lib/charts/panel-data";
import { thresholdColor } from "@/lib/charts/palette";
import { formatValue } from "@/lib/charts/units";
import type { PanelLink, TablePanel } from "@/lib/dashboards/types";
import { dcgmHealthName } from "@/lib/metrics/health";
import type { Labels } from "@/lib/prom/schemas";
import { useXidCatalogue } from "@/lib/xid/client";

/** A table panel's rows: sortable by any column, each row linked as the panel says. */
export function DataTable({ panel, table, link }: { panel: TablePanel; table: ReturnType<typeof vectorsToTable>; link: (l: PanelLink, labels: Labels) => string }) {
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
