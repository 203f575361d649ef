"use client";

import { seriesStats, type Series } from "@/lib/charts/matrix-to-series";
import { PALETTE } from "@/lib/charts/time-series-option";
import { formatQuantile } from "@/lib/charts/quantile";
import type { Unit } from "@/lib/charts/units";

export interface LegendProps {
  series: Series[];
  unit: Unit;
  hidden: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** A quantile panel's top finite bucket: a value there reads "≥" it. */
  ceiling?: number | null;
}

/** An HTML legend (Grafana's list mode): readable, clickable, and visible to tests. */
export function Legend({ series, unit, hidden, onToggle, ceiling }: LegendProps) {
  return (
    <ul className="legend" aria-label="Legend">
      {series.map((s, i) => {
        const stats = seriesStats(s);
        return (
          <li key={s.id} data-hidden={hidden.has(s.id)}>
            <button type="button" onClick={() => onToggle(s.id)} title={s.id}>
              <span className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} />
              <span className="name">{s.name}</span>
              <span className="stat">{formatQuantile(stats.last, unit, ceiling)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
