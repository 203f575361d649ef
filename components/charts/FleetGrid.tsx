"use client";

import Link from "next/link";
import { useMemo } from "react";
import { formatLegend } from "@/lib/charts/matrix-to-series";
import { vectorToFleetGrid } from "@/lib/charts/panel-data";
import { thresholdColor } from "@/lib/charts/palette";
import { formatValue } from "@/lib/charts/units";
import type { FleetGridPanel, PanelLink } from "@/lib/dashboards/types";
import type { Labels } from "@/lib/prom/schemas";

type VectorOf = Parameters<typeof vectorToFleetGrid>[0];

/** A fleet grid panel: one cell per instance, coloured by threshold, linked as the panel says. */
export function FleetGrid({ panel, vector, instances, link }: { panel: FleetGridPanel; vector: VectorOf; instances?: VectorOf; link: (l: PanelLink, labels: Labels) => string }) {
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
